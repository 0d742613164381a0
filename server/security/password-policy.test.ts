// What a new password must be: 8 characters to 72 UTF-8 bytes, not one of the most common
// passwords (a shipped list), not the email. The same rules at signup and at a password change.
import { dictionary } from '@zxcvbn-ts/language-common'
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { commonPasswordCount } from '../modules/auth/password-policy.js'
import { API, assertProblem, signUp, uniqueEmail } from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

const shippedList = dictionary['passwords-common'] as string[]
/** Entries the length rules alone would let through, so only the list can stop them. */
const longEnough = shippedList.filter(
  (password) => [...password].length >= 8 && Buffer.byteLength(password) <= 72,
)

async function refusal(password: string, email = uniqueEmail('policy')) {
  const response = await signUp(t.app, email, password)
  const problem = assertProblem(response, 422)
  const error = problem.errors?.find((entry) => entry.field === 'password')
  assert.ok(error, `${password}: ${response.body}`)
  return error.message
}

describe('common passwords', () => {
  test('the shipped list holds at least 10,000 passwords', () => {
    assert.ok(commonPasswordCount >= 10_000, `${commonPasswordCount}`)
    assert.ok(longEnough.length >= 10_000, `${longEnough.length} entries of 8+ characters`)
  })

  test('well-known ones are refused with a message that says why', async () => {
    for (const password of [
      'password',
      '12345678',
      '123456789',
      'qwertyuiop',
      'iloveyou1',
      '1qaz2wsx',
    ]) {
      assert.match(await refusal(password), /most common/)
    }
  })

  test('a sample from across the whole list is refused', async () => {
    const step = Math.floor(longEnough.length / 40)
    for (let i = 0; i < longEnough.length; i += step) {
      assert.match(await refusal(longEnough[i]!), /most common/, longEnough[i])
    }
  })

  test('capitals or spaces around do not get a common password through', async () => {
    for (const password of ['PASSWORD', 'Password', 'QwertyUIOP', 'FOOTBALL1', '  password  ']) {
      assert.match(await refusal(password), /most common/)
    }
  })

  test('an uncommon password of the same shape is accepted', async () => {
    assert.equal((await signUp(t.app, uniqueEmail(), 'tangerine-ostrich-7')).statusCode, 201)
  })
})

describe('the email as password', () => {
  test('the email, its local part, in any case or with spaces around, is refused', async () => {
    const email = uniqueEmail('same')
    const local = email.split('@')[0]!
    for (const password of [email, email.toUpperCase(), ` ${email} `, local, local.toUpperCase()]) {
      assert.match(await refusal(password, email), /email/, password)
    }
  })

  test('a password merely containing the email is allowed', async () => {
    const email = uniqueEmail('contains')
    assert.equal((await signUp(t.app, email, `${email}!x9`)).statusCode, 201)
  })
})

describe('length in characters and bytes', () => {
  test('7 characters are too few; 8 are enough, whatever their byte count', async () => {
    assert.match(await refusal('Ab3$xyz'), /at least 8 characters/)
    assert.equal((await signUp(t.app, uniqueEmail(), 'Zq8#vLw2')).statusCode, 201)
    // 8 characters of 4 bytes each: 8 characters as the user counts them.
    assert.equal((await signUp(t.app, uniqueEmail(), '🦊🌲🪵🔥🌙⭐🍂🦉')).statusCode, 201)
  })

  test('72 bytes are allowed, 73 are not, however few the characters', async () => {
    assert.equal((await signUp(t.app, uniqueEmail(), 'x'.repeat(71) + 'y')).statusCode, 201)
    assert.equal((await signUp(t.app, uniqueEmail(), '🦊'.repeat(18))).statusCode, 201)
    assert.match(await refusal('x'.repeat(72) + 'y'), /72 bytes/)
    assert.match(await refusal('🦊'.repeat(18) + 'x'), /72 bytes/)
  })

  test('a NUL character is refused like any text the database cannot hold', async () => {
    await refusal('long-enough\u0000password')
  })
})

test('a password change applies the same rules', async () => {
  const email = uniqueEmail('change')
  const signup = await signUp(t.app, email, 'first-good-passphrase-1')
  assert.equal(signup.statusCode, 201)
  const login = await t.app.inject({
    method: 'POST',
    url: `${API}/auth/login`,
    payload: { email, password: 'first-good-passphrase-1' },
  })
  const headers = { authorization: `Bearer ${login.json().access_token}` }
  for (const [newPassword, why] of [
    [longEnough[123]!, /most common/],
    [email, /email/],
    ['short', /at least 8/],
    ['x'.repeat(73), /72 bytes/],
  ] as const) {
    const response = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password`,
      headers,
      payload: { current_password: 'first-good-passphrase-1', new_password: newPassword },
    })
    const problem = assertProblem(response, 422)
    const error = problem.errors?.find((entry) => entry.field === 'new_password')
    assert.match(error?.message ?? '', why, newPassword)
  }
})
