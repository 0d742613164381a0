// The settings feature as pages see it.
export { ChangeEmailForm } from './components/ChangeEmailForm'
export { ChangePasswordForm } from './components/ChangePasswordForm'
export { DeleteAccount } from './components/DeleteAccount'
export { SignOutEverywhere } from './components/SignOutEverywhere'
