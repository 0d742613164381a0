/** A form's error that belongs to no single field (wrong credentials, a server refusal). */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  )
}
