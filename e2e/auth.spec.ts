import { expect, test, uniqueEmail } from './support/fixtures.js'
import { PASSWORD } from './support/environment.js'

test.describe('signing up and in', () => {
  test('a visitor signs up, is signed in, signs out and signs back in', async ({ page }) => {
    const email = uniqueEmail('ada')
    await page.goto('/')
    await expect(page).toHaveURL(/\/signin$/)
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()

    await page.getByRole('link', { name: 'Create an account' }).click()
    await expect(page).toHaveURL(/\/signup$/)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign up' }).click()

    // Signed in straight away, on the task list, with the email in the header.
    await expect(page).toHaveURL(/\/$/)
    await expect(page.getByRole('banner')).toContainText(email)
    await expect(page.getByText('No tasks yet.')).toBeVisible()

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/signin$/)
    await page.goto('/')
    await expect(page).toHaveURL(/\/signin$/)

    await page.getByLabel('Email').fill(email.toUpperCase())
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('banner')).toContainText(email)
    await expect(page.getByLabel('New task')).toBeVisible()
  })

  test('mistakes are explained next to the field before anything is sent', async ({ page }) => {
    let signupRequests = 0
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/auth/signup')) signupRequests++
    })
    await page.goto('/signup')
    await page.getByLabel('Email').fill('not-an-email')
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Sign up' }).click()

    const email = page.getByLabel('Email')
    await expect(email).toHaveAttribute('aria-invalid', 'true')
    await expect(email).toHaveAccessibleDescription(/Enter a valid email address/)
    await expect(email).toBeFocused()
    await expect(page.getByLabel('Password')).toHaveAccessibleDescription(
      /at least 8 characters long/,
    )

    // 73 bytes in 37 characters: the byte limit is what counts, as on the server.
    await page.getByLabel('Password').fill('é'.repeat(36) + 'x')
    await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/at most 72 bytes/)

    await page.getByLabel('Email').fill(uniqueEmail())
    await expect(email).not.toHaveAttribute('aria-invalid', 'true')
    expect(signupRequests).toBe(0)
  })

  test("the server's refusals appear as sentences next to their field", async ({
    page,
    account,
  }) => {
    await page.goto('/signup')
    const email = uniqueEmail('bob')
    await page.getByLabel('Email').fill(email)
    // Long enough for the client's checks, but one of the most common passwords.
    await page.getByLabel('Password').fill('password123')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect(page.getByLabel('Password')).toHaveAccessibleDescription(
      /among the most common ones/,
    )
    await expect(page.getByLabel('Password')).toBeFocused()

    await page.getByLabel('Password').fill(email.split('@')[0]!)
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/must not be your email/)

    // Someone else's email: a message for the whole form, with what to do.
    await page.getByLabel('Email').fill(account.email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect(
      page.getByRole('alert').filter({ hasText: 'An account with this email already exists.' }),
    ).toHaveText('An account with this email already exists. Sign in instead.')

    await page.getByRole('link', { name: 'Sign in' }).click()
    await page.getByLabel('Email').fill(account.email)
    await page.getByLabel('Password').fill('wrong-password-here')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(
      page.getByRole('alert').filter({ hasText: 'Incorrect email or password.' }),
    ).toBeVisible()
    await expect(page.locator('body')).not.toContainText('[object Object]')
  })

  test('the form shows it is busy while the server works', async ({ page, account }) => {
    await page.goto('/signin')
    // Hold the sign-in request until the busy state has been seen, then let it through.
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/v1/auth/session', async (route) => {
      await held
      await route.continue()
    })
    await page.getByLabel('Email').fill(account.email)
    await page.getByLabel('Password').fill(account.password)
    await page.getByRole('button', { name: 'Sign in' }).click()

    const busy = page.getByRole('button', { name: 'Signing in…' })
    await expect(busy).toBeVisible()
    await expect(busy).toHaveAttribute('aria-disabled', 'true')
    release()
    await expect(page.getByLabel('New task')).toBeVisible()
  })
})
