import { useState } from 'react'
import { Button } from '../../../components/Button'
import { ConfirmDialog } from '../../../components/ConfirmDialog'
import { errorMessage } from '../../../lib/api/errors'
import { useSignOutEverywhere } from '../api/account'
import { FormError } from '../../../components/FormError'

export function SignOutEverywhere({ onSignedOut }: { onSignedOut(): void }) {
  const signOutEverywhere = useSignOutEverywhere()
  const [confirming, setConfirming] = useState(false)
  return (
    <div className="stack">
      <p>
        Signs out every browser and app signed in to your account, including this one. Use it if you
        lost a device or signed in on a shared computer.
      </p>
      <FormError
        message={signOutEverywhere.isError ? errorMessage(signOutEverywhere.error) : null}
      />
      <div>
        <Button onClick={() => setConfirming(true)}>Sign out everywhere</Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Sign out on every device?"
        confirmLabel="Sign out everywhere"
        busy={signOutEverywhere.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          signOutEverywhere.mutate(undefined, {
            onSuccess: onSignedOut,
            onSettled: () => setConfirming(false),
          })
        }
      >
        <p>You will need your password to sign in again, here and everywhere else.</p>
      </ConfirmDialog>
    </div>
  )
}
