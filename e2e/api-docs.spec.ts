// The interactive API docs work offline and their Authorize button signs in through the
// OAuth2 password flow, so a developer can try every route from the browser.
import { expect, test } from './support/fixtures.js'

test('the docs sign in with Authorize and call a private route', async ({
  page,
  account,
  pageProblems,
}) => {
  // Swagger UI's bundle injects one inline style the strict policy refuses; the page still works.
  pageProblems.allow(/style-src/)
  await page.goto('/docs/')
  await expect(page.getByRole('heading', { name: /Todo API/ })).toBeVisible()

  await page.locator('button.authorize').first().click()
  const oauth = page.locator('.modal-ux .auth-container').filter({ hasText: 'oauth2Password' })
  await oauth.getByLabel('username:').fill(account.email)
  await oauth.getByLabel('password:').fill(account.password)
  const login = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'))
  await oauth.locator('button.authorize').click()
  expect((await login).status()).toBe(200)
  await page.locator('.modal-ux button.close-modal').click()

  const me = page.locator('#operations-auth-get_api_v1_auth_me')
  await me.locator('.opblock-summary').click()
  await me.getByRole('button', { name: 'Try it out' }).click()
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/me'))
  await me.getByRole('button', { name: 'Execute' }).click()
  const response = await answer
  expect(response.status()).toBe(200)
  expect(await response.json()).toMatchObject({ id: account.id, email: account.email })
})
