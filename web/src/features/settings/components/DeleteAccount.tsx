import { useRef, useState, type FormEvent } from 'react'
import { Button } from '../../../components/Button'
import { ConfirmDialog } from '../../../components/ConfirmDialog'
import { FormField } from '../../../components/FormField'
import { submitErrors } from '../../../lib/forms'
import { useDeleteAccount } from '../api/account'
import { FormError } from '../../../components/FormError'

/** Asks for the password, then for a confirmation naming what will be lost. */
export function DeleteAccount({ email, onDeleted }: { email: string; onDeleted(): void }) {
  const deleteAccount = useDeleteAccount()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [formError, setFormError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const passwordRef = useRef<HTMLInputElement>(null)

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setFormError(null)
    if (password === '') {
      setError('Enter your password to delete your account.')
      passwordRef.current?.focus()
      return
    }
    setError(undefined)
    setConfirming(true)
  }

  function confirm() {
    deleteAccount.mutate(password, {
      onSuccess: onDeleted,
      onError: (failure) => {
        setConfirming(false)
        const { fields, form } = submitErrors(failure, ['password'] as const)
        setError(fields.password)
        setFormError(form)
        if (fields.password) passwordRef.current?.focus()
      },
    })
  }

  return (
    <form className="stack" noValidate onSubmit={handleSubmit}>
      <p>Deletes your account and every task in it, for good. There is no undo.</p>
      <FormError message={formError} />
      <FormField
        ref={passwordRef}
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        error={error}
        onChange={(event) => setPassword(event.target.value)}
      />
      <div>
        <Button type="submit" variant="danger">
          Delete account
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete your account?"
        confirmLabel="Delete my account"
        cancelLabel="Keep my account"
        danger
        busy={deleteAccount.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={confirm}
      >
        <p>The account {email} and all of its tasks will be deleted permanently.</p>
      </ConfirmDialog>
    </form>
  )
}
