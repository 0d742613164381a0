import { useRef, useState, type FormEvent } from 'react'
import { emailProblem, normalizeEmail } from '../../../../../contract/limits'
import { Button } from '../../../components/Button'
import { FormField } from '../../../components/FormField'
import type { FieldErrors } from '../../../lib/forms'
import { useFormErrors } from '../../../lib/use-form-errors'
import { useChangeEmail } from '../api/account'
import { FormError } from '../../../components/FormError'

type Field = 'email' | 'current_password'
const FIELDS: readonly Field[] = ['email', 'current_password']

export function ChangeEmailForm({ currentEmail }: { currentEmail: string }) {
  const changeEmail = useChangeEmail()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const emailRef = useRef<HTMLInputElement>(null)
  const currentPasswordRef = useRef<HTMLInputElement>(null)
  const refFor = (field: Field) => (field === 'email' ? emailRef : currentPasswordRef)
  const { errors, formError, fail, failWith, clear } = useFormErrors(FIELDS, (field) =>
    refFor(field).current?.focus(),
  )

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (changeEmail.isPending) return
    setDone(null)
    const found: FieldErrors<Field> = {}
    const normalized = normalizeEmail(email)
    const problem = emailProblem(normalized)
    if (problem) found.email = problem
    else if (normalized === currentEmail) found.email = 'This is already your email.'
    if (password === '') found.current_password = 'Enter your current password to confirm.'
    if (Object.keys(found).length > 0) return fail(found)
    try {
      const user = await changeEmail.mutateAsync({ email: normalized, current_password: password })
      clear()
      setEmail('')
      setPassword('')
      setDone(`Your email is now ${user.email}.`)
    } catch (error) {
      failWith(error)
    }
  }

  return (
    <form className="stack" noValidate onSubmit={handleSubmit}>
      <FormError message={formError} />
      <FormField
        ref={emailRef}
        label="New email"
        type="email"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        value={email}
        error={errors.email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <FormField
        ref={currentPasswordRef}
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={password}
        error={errors.current_password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={changeEmail.isPending} busyLabel="Saving…">
          Change email
        </Button>
        <p role="status" className="form-success">
          {done}
        </p>
      </div>
    </form>
  )
}
