import { useRef, useState, type FormEvent } from 'react'
import { Link } from 'wouter'
import { Button } from '../../../components/Button'
import { FormField } from '../../../components/FormField'
import { firstInvalidField, submitErrors, type FieldErrors } from '../../../lib/forms'
import { PASSWORD_MIN_LENGTH, PASSWORD_MAX_BYTES } from '../../../../../contract/limits'
import type { Credentials } from '../api/session'
import { checkCredentials, type AuthMode, type CredentialsField } from '../validation'
import { FormError } from '../../../components/FormError'

const FIELDS: readonly CredentialsField[] = ['email', 'password']

const TEXT = {
  signin: {
    submit: 'Sign in',
    busy: 'Signing in…',
    switchPrompt: 'New here?',
    switchLink: 'Create an account',
    switchTo: '/signup',
  },
  signup: {
    submit: 'Sign up',
    busy: 'Creating your account…',
    switchPrompt: 'Already have an account?',
    switchLink: 'Sign in',
    switchTo: '/signin',
  },
} as const

export interface CredentialsFormProps {
  mode: AuthMode
  /** Rejects with the server's refusal; the form places each message by its field. */
  onSubmit(credentials: Credentials): Promise<unknown>
  /** Carried to the other page, so switching between them keeps where to go afterwards. */
  search?: string
}

export function CredentialsForm({ mode, onSubmit, search = '' }: CredentialsFormProps) {
  const text = TEXT[mode]
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors<CredentialsField>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [submitted, setSubmitted] = useState(false)
  const emailRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  const refFor = (field: CredentialsField) => (field === 'email' ? emailRef : passwordRef)

  const focusFirstError = (found: FieldErrors<CredentialsField>) => {
    const field = firstInvalidField(found, FIELDS)
    if (field) refFor(field).current?.focus()
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (busy) return
    setSubmitted(true)
    setFormError(null)
    const found = checkCredentials(mode, email, password)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      focusFirstError(found)
      return
    }
    setBusy(true)
    try {
      await onSubmit({ email: email.trim(), password })
    } catch (error) {
      const { fields, form } = submitErrors(error, FIELDS)
      setErrors(fields)
      setFormError(form)
      focusFirstError(fields)
      setBusy(false)
    }
  }

  // After a first attempt, messages follow the typing, so a fixed mistake stops being flagged.
  const recheck = (nextEmail: string, nextPassword: string) => {
    if (submitted) setErrors(checkCredentials(mode, nextEmail, nextPassword))
  }

  return (
    <form className="stack" noValidate onSubmit={handleSubmit} aria-busy={busy || undefined}>
      <FormError message={formError} />
      <FormField
        ref={emailRef}
        label="Email"
        type="email"
        name="email"
        autoComplete={mode === 'signin' ? 'username' : 'email'}
        inputMode="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={email}
        error={errors.email}
        onChange={(event) => {
          setEmail(event.target.value)
          recheck(event.target.value, password)
        }}
      />
      <FormField
        ref={passwordRef}
        label="Password"
        type="password"
        name="password"
        autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
        required
        value={password}
        error={errors.password}
        hint={
          mode === 'signup'
            ? `At least ${PASSWORD_MIN_LENGTH} characters (at most ${PASSWORD_MAX_BYTES} bytes). Avoid common passwords.`
            : undefined
        }
        onChange={(event) => {
          setPassword(event.target.value)
          recheck(email, event.target.value)
        }}
      />
      <Button type="submit" variant="primary" busy={busy} busyLabel={text.busy}>
        {text.submit}
      </Button>
      <p className="form-switch">
        {text.switchPrompt} <Link href={`${text.switchTo}${search}`}>{text.switchLink}</Link>
      </p>
    </form>
  )
}
