import { Type, type Static } from 'typebox'

// RFC 9457 problem details. `detail` is always a sentence a person can read, because clients written
// for the original FastAPI service show `detail` as the error message.
export const FieldError = Type.Object({
  location: Type.String({ description: 'body, query, params or headers', examples: ['body'] }),
  field: Type.String({ description: 'Dotted path of the offending field', examples: ['email'] }),
  message: Type.String({ examples: ['Enter a valid email address, like name@example.com.'] }),
})

export const Problem = Type.Object(
  {
    type: Type.String({ examples: ['about:blank'] }),
    title: Type.String({ examples: ['Unprocessable Content'] }),
    status: Type.Integer({ examples: [422] }),
    detail: Type.String({
      examples: ['email: Enter a valid email address, like name@example.com.'],
    }),
    instance: Type.Optional(Type.String()),
    request_id: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { description: 'An RFC 9457 problem details object' },
)

export type FieldError = Static<typeof FieldError>
export type Problem = Static<typeof Problem>
