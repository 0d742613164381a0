import { useRef, useState, type FormEvent } from 'react'
import {
  passwordProblem,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_LENGTH,
} from '../../../../../contract/limits'
import { Button } from '../../../components/Button'
import { FormField } from '../../../components/FormField'
import type { FieldErrors } from '../../../lib/forms'
import { useFormErrors } from '../../../lib/use-form-errors'
import { useChangePassword } from '../api/account'
import { FormError } from '../../../components/FormError'

type Field = 'current_password' | 'new_password'
const FIELDS: readonly Field[] = ['current_password', 'new_password']

export function ChangePasswordForm() {
  const changePassword = useChangePassword()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const currentPasswordRef = useRef<HTMLInputElement>(null)
  const newPasswordRef = useRef<HTMLInputElement>(null)
  const refFor = (field: Field) =>
    field === 'current_password' ? currentPasswordRef : newPasswordRef
  const { errors, formError, fail, failWith, clear } = useFormErrors(FIELDS, (field) =>
    refFor(field).current?.focus(),
  )

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (changePassword.isPending) return
    setDone(null)
    const found: FieldErrors<Field> = {}
    if (current === '') found.current_password = 'Enter your current password.'
    const problem = next === '' ? 'Choose a new password.' : passwordProblem(next)
    if (problem) found.new_password = problem
    else if (next === current)
      found.new_password = 'The new password must differ from the current one.'
    if (Object.keys(found).length > 0) return fail(found)
    try {
      await changePassword.mutateAsync({ current_password: current, new_password: next })
      clear()
      setCurrent('')
      setNext('')
      setDone('Password changed. You are still signed in here; other devices must sign in again.')
    } catch (error) {
      failWith(error)
    }
  }

  return (
    <form className="stack" noValidate onSubmit={handleSubmit}>
      <FormError message={formError} />
      <FormField
        ref={currentPasswordRef}
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        error={errors.current_password}
        onChange={(event) => setCurrent(event.target.value)}
      />
      <FormField
        ref={newPasswordRef}
        label="New password"
        type="password"
        autoComplete="new-password"
        value={next}
        error={errors.new_password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters (at most ${PASSWORD_MAX_BYTES} bytes). Avoid common passwords.`}
        onChange={(event) => setNext(event.target.value)}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={changePassword.isPending} busyLabel="Saving…">
          Change password
        </Button>
        <p role="status" className="form-success">
          {done}
        </p>
      </div>
    </form>
  )
}
