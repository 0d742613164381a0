// The auth feature as pages see it.
export {
  useCurrentUser,
  useEndSession,
  useSessionExpiry,
  useSessionNotice,
  useSignIn,
  useSignOut,
  useSignUp,
} from './api/session'
export { CredentialsForm } from './components/CredentialsForm'
