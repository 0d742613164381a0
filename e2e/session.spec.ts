/// <reference lib="dom" />
// The browser never holds the token where scripts can read it: it lives in an HttpOnly,
// SameSite=Strict cookie that only our own pages can use.
import { SignJWT } from 'jose'
import { randomUUID } from 'node:crypto'
import { SESSION_COOKIE } from '../contract/limits.js'
import { BASE_URL, E2E_JWT_SECRET } from './support/environment.js'
import type { Page } from '@playwright/test'
import { expect, test, type Account } from './support/fixtures.js'

/** Replaces the browser's session cookie, as an expired or tampered one would be found. */
async function setSessionCookie(page: Page, value: string) {
  await page.context().addCookies([
    {
      name: SESSION_COOKIE,
      value,
      domain: new URL(BASE_URL).hostname,
      path: '/api',
      httpOnly: true,
      sameSite: 'Strict',
    },
  ])
}

async function mintToken(account: Account, lifetime: { issuedAgo: number; expiresIn: number }) {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ email: account.email, ver: 0 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(account.id)
    .setIssuedAt(now - lifetime.issuedAgo)
    .setExpirationTime(now + lifetime.expiresIn)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(E2E_JWT_SECRET))
}

test.describe('the session cookie', () => {
  test('is HttpOnly, SameSite=Strict, scoped to the API, and invisible to page scripts', async ({
    page,
    account,
  }) => {
    await page.goto('/signin')
    await page.getByLabel('Email').fill(account.email)
    await page.getByLabel('Password').fill(account.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByLabel('New task')).toBeVisible()

    const cookies = await page.context().cookies()
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE)
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' })
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE)
    // Nothing token-like is kept in web storage either.
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...window.localStorage, ...window.sessionStorage }),
    )
    expect(stored).not.toContain(session!.value)
    expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  })

  test('a cross-origin unsafe request carrying the cookie is refused and changes nothing', async ({
    page,
    user,
  }) => {
    const task = await user.api.createTask('Pay the rent')
    const foreign = { origin: 'http://evil.example' }

    const patch = await page.request.patch(`/api/v1/tasks/${task.id}`, {
      data: { completed: true },
      headers: foreign,
    })
    expect(patch.status()).toBe(403)
    expect(((await patch.json()) as { detail: string }).detail).toMatch(/Cross-site request/)
    const create = await page.request.post('/api/v1/tasks', {
      data: { title: 'Planted by another site' },
      headers: foreign,
    })
    expect(create.status()).toBe(403)
    const remove = await page.request.delete(`/api/v1/tasks/${task.id}`, { headers: foreign })
    expect(remove.status()).toBe(403)

    const tasks = await user.api.listTasks()
    expect(tasks.map((saved) => [saved.title, saved.completed])).toEqual([['Pay the rent', false]])
  })

  test('signing out clears it', async ({ page, user }) => {
    await page.goto('/')
    await expect(page.getByRole('banner')).toContainText(user.email)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/signin$/)
    const cookies = await page.context().cookies()
    expect(cookies.map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE)
    const me = await page.request.get('/api/v1/auth/me')
    expect(me.status()).toBe(401)
  })

  test('the login route still answers API clients with a bearer token and sets no cookie', async ({
    request,
    account,
  }) => {
    const response = await request.post('/api/v1/auth/login', {
      data: { email: account.email, password: account.password },
    })
    expect(response.status()).toBe(200)
    expect(response.headers()['set-cookie']).toBeUndefined()
    const body = (await response.json()) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type'])
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 604800 })
    const me = await request.get('/api/v1/auth/me', {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    })
    expect(await me.json()).toMatchObject({ email: account.email })
  })
})

test.describe('an ended session', () => {
  test('an expired token leads to Sign in, then back to where the user was', async ({
    page,
    user,
  }) => {
    await user.api.createTask('Feed the cat', { completed: true })
    await page.goto('/?filter=completed')
    await expect(page.getByRole('checkbox', { name: 'Feed the cat' })).toBeVisible()

    const expired = await mintToken(user, { issuedAgo: 8 * 24 * 3600, expiresIn: -24 * 3600 })
    await setSessionCookie(page, expired)
    // The next request the page makes finds the session over.
    await page.getByRole('checkbox', { name: 'Feed the cat' }).click()
    await expect(page).toHaveURL(/\/signin\?next=%2F%3Ffilter%3Dcompleted$/)
    await expect(
      page.getByRole('status').filter({ hasText: 'Your session has ended' }),
    ).toBeVisible()

    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(/\/\?filter=completed$/)
    // The change made with the dead session was not kept.
    await expect(page.getByRole('checkbox', { name: 'Feed the cat' })).toBeChecked()
  })

  test('a corrupted token at start-up leads to Sign in, then to the page asked for', async ({
    page,
    user,
  }) => {
    await setSessionCookie(page, 'not.a-real.token')
    await page.goto('/settings')
    await expect(page).toHaveURL(/\/signin\?next=%2Fsettings$/)
    await expect(page.getByText('Your session has ended. Sign in again to continue.')).toBeVisible()
    // The server also told the browser to drop the bad cookie.
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(
      SESSION_COOKIE,
    )

    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(/\/settings$/)
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  })

  test('a sign-in link cannot send the user to another site afterwards', async ({
    page,
    account,
  }) => {
    await page.goto('/signin?next=//evil.example/steal')
    await page.getByLabel('Email').fill(account.email)
    await page.getByLabel('Password').fill(account.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(`${BASE_URL}/`)
  })
})
