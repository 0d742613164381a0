import { Type, type Static } from 'typebox'
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from './limits.js'

// Schema bounds are coarse guards against huge input; the exact rules (trimmed email shape,
// 8 characters to 72 UTF-8 bytes) are checked in code so the messages can say why.
const Email = Type.String({
  maxLength: EMAIL_MAX_LENGTH + 64,
  description: 'Matched case-insensitively; stored trimmed and lowercased',
  examples: ['ada@example.com'],
})
const NewPassword = Type.String({
  maxLength: 1024,
  description: `At least ${PASSWORD_MIN_LENGTH} characters and at most ${PASSWORD_MAX_BYTES} UTF-8 bytes; not a common password nor the email`,
  examples: ['correct horse battery staple'],
})
const AnyPassword = Type.String({ maxLength: 1024, examples: ['correct horse battery staple'] })
const strict = { additionalProperties: false } as const

export const Credentials = Type.Object({ email: Email, password: AnyPassword }, strict)
export const SignupBody = Type.Object({ email: Email, password: NewPassword }, strict)

/** OAuth2 password flow as sent by the interactive docs' Authorize button (form-urlencoded). */
export const LoginForm = Type.Object(
  {
    username: Email,
    password: AnyPassword,
    grant_type: Type.Optional(Type.Literal('password')),
    scope: Type.Optional(Type.String({ maxLength: 1024 })),
    client_id: Type.Optional(Type.String({ maxLength: 1024 })),
    client_secret: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  strict,
)

export const AccessToken = Type.Object({
  access_token: Type.String({ description: 'HS256 JWT; send as Authorization: Bearer <token>' }),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires', examples: [604800] }),
})

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String({ examples: ['ada@example.com'] }),
  created_at: Type.String({ format: 'date-time' }),
})

export const ChangePasswordBody = Type.Object(
  { current_password: AnyPassword, new_password: NewPassword },
  strict,
)
export const ChangeEmailBody = Type.Object({ email: Email, current_password: AnyPassword }, strict)
export const DeleteAccountBody = Type.Object({ password: AnyPassword }, strict)

export type Credentials = Static<typeof Credentials>
export type LoginForm = Static<typeof LoginForm>
export type AccessToken = Static<typeof AccessToken>
export type User = Static<typeof User>
