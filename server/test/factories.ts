import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { randomUUID } from 'node:crypto'
import assert from 'node:assert/strict'

export const API = '/api/v1'

export interface TestUser {
  id: string
  email: string
  password: string
  token: string
  /** Headers that authenticate as this user. */
  auth: { authorization: string }
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID()}@example.com`
export const GOOD_PASSWORD = 'violet-harbor-tangent-42'

export async function signUp(
  app: FastifyInstance,
  email = uniqueEmail(),
  password = GOOD_PASSWORD,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `${API}/auth/signup`, payload: { email, password } })
}

export async function logIn(app: FastifyInstance, email: string, password: string) {
  return app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { email, password } })
}

/** A fresh account, signed up and logged in through the public API. */
export async function createUser(app: FastifyInstance, label = 'user'): Promise<TestUser> {
  const email = uniqueEmail(label)
  const signup = await signUp(app, email)
  assert.equal(signup.statusCode, 201, signup.body)
  const login = await logIn(app, email, GOOD_PASSWORD)
  assert.equal(login.statusCode, 200, login.body)
  const token = login.json().access_token as string
  return {
    id: signup.json().id,
    email,
    password: GOOD_PASSWORD,
    token,
    auth: { authorization: `Bearer ${token}` },
  }
}

export async function createTask(
  app: FastifyInstance,
  user: TestUser,
  payload: object = { title: 'A task' },
) {
  const response = await app.inject({
    method: 'POST',
    url: `${API}/tasks`,
    headers: user.auth,
    payload,
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json() as {
    id: string
    title: string
    description: string | null
    completed: boolean
    created_at: string
    updated_at: string
  }
}

/** Asserts the RFC 9457 shape every error shares, and returns the parsed body. */
export function assertProblem(response: LightMyRequestResponse, status: number) {
  assert.equal(response.statusCode, status, response.body)
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
  const body = response.json()
  assert.equal(body.status, status)
  assert.equal(typeof body.detail, 'string')
  assert.ok(body.detail.length > 0)
  if (status === 401) assert.match(String(response.headers['www-authenticate']), /^Bearer/)
  return body as {
    detail: string
    errors?: Array<{ field: string; location: string; message: string }>
  }
}
