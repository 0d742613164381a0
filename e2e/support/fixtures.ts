/// <reference lib="dom" />
// Fixtures for user stories: a fresh account per test (no test sees another's data), API helpers
// that act as the signed-in browser, and a guard that fails any test whose page logged an error
// (a React warning, an uncaught exception, a Content-Security-Policy violation).
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import { BASE_URL, PASSWORD } from './environment.js'

export { expect }

export interface Account {
  id: string
  email: string
  password: string
}

export interface Task {
  id: string
  title: string
  description: string | null
  completed: boolean
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`
}

/** Creates an account through the public API (as a visitor would, but faster than the form). */
export async function signUpByApi(request: APIRequestContext, label = 'user'): Promise<Account> {
  const credentials = { email: uniqueEmail(label), password: PASSWORD }
  const response = await request.post('/api/v1/auth/signup', { data: credentials })
  expect(response.status(), await response.text()).toBe(201)
  const { id } = (await response.json()) as { id: string }
  return { id, ...credentials }
}

/** API calls made with the page's own cookie jar: the same session as the browser tab. */
export function browserApi(page: Page) {
  // Browsers send Origin on every unsafe request; the server requires it with the cookie.
  const headers = { origin: BASE_URL }
  const request = page.request
  return {
    async signIn({ email, password }: Account) {
      const response = await request.post('/api/v1/auth/session', {
        data: { email, password },
        headers,
      })
      expect(response.status(), await response.text()).toBe(200)
    },
    async createTask(title: string, extra: Partial<Omit<Task, 'id' | 'title'>> = {}) {
      const response = await request.post('/api/v1/tasks', { data: { title, ...extra }, headers })
      expect(response.status(), await response.text()).toBe(201)
      return (await response.json()) as Task
    },
    async deleteTask(id: string) {
      const response = await request.delete(`/api/v1/tasks/${id}`, { headers })
      expect(response.status()).toBe(204)
    },
    async listTasks(query = '') {
      const response = await request.get(`/api/v1/tasks${query}`)
      expect(response.status()).toBe(200)
      return ((await response.json()) as { items: Task[] }).items
    },
  }
}

// Failed requests are logged by the browser itself (a 401 while checking the session, a 422
// the form then explains); they are answers the app handles, not errors in its code.
const HANDLED_HTTP_ERROR = /^Failed to load resource: the server responded with a status of 4\d\d/

interface Fixtures {
  /** A fresh account, signed up but not signed in. */
  account: Account
  /** A fresh account signed in in this page's browser context, and the page on the task list. */
  user: Account & { api: ReturnType<typeof browserApi> }
  /** Errors the page logged; a test that provokes one on purpose says so with allow(). */
  pageProblems: { allow(pattern: RegExp): void }
}

export const test = base.extend<Fixtures>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = []
      const allowed: RegExp[] = [HANDLED_HTTP_ERROR]
      page.on('console', (message) => {
        if (
          message.type() === 'error' &&
          !allowed.some((pattern) => pattern.test(message.text()))
        ) {
          problems.push(`console.error: ${message.text()}`)
        }
      })
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
      // Chromium also logs CSP refusals, but the event names the directive for certain.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} (${event.blockedURI})`)
        })
      })
      await use({ allow: (pattern) => allowed.push(pattern) })
      expect(problems, 'the page logged errors').toEqual([])
    },
    { auto: true },
  ],

  account: async ({ request }, use) => {
    await use(await signUpByApi(request))
  },

  user: async ({ page, account }, use) => {
    const api = browserApi(page)
    await api.signIn(account)
    await use({ ...account, api })
  },
})
