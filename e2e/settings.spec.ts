import { browserApi, expect, test } from './support/fixtures.js'

test.describe('account settings', () => {
  test('changing the password keeps this browser signed in and retires the old one', async ({
    page,
    request,
    user,
  }) => {
    await page.goto('/settings')
    const form = page.getByRole('region', { name: 'Password' })
    await form.getByLabel('Current password').fill('not-my-password')
    await form.getByLabel('New password').fill('amber-lantern-orbit-77')
    await form.getByRole('button', { name: 'Change password' }).click()
    // A wrong current password is a mistake in a field, not the end of the session.
    await expect(form.getByLabel('Current password')).toHaveAccessibleDescription(
      'The current password is incorrect.',
    )
    await expect(form.getByLabel('Current password')).toBeFocused()

    await form.getByLabel('Current password').fill(user.password)
    await form.getByLabel('New password').fill('password1')
    await form.getByRole('button', { name: 'Change password' }).click()
    await expect(form.getByLabel('New password')).toHaveAccessibleDescription(/most common ones/)

    await form.getByLabel('New password').fill('amber-lantern-orbit-77')
    await form.getByRole('button', { name: 'Change password' }).click()
    await expect(form.getByRole('status')).toHaveText(/Password changed/)

    // Still signed in here: the server renewed this browser's cookie.
    await page.getByRole('link', { name: 'Tasks' }).click()
    await expect(page.getByLabel('New task')).toBeVisible()
    const oldLogin = await request.post('/api/v1/auth/login', {
      data: { email: user.email, password: user.password },
    })
    expect(oldLogin.status()).toBe(401)
    const newLogin = await request.post('/api/v1/auth/login', {
      data: { email: user.email, password: 'amber-lantern-orbit-77' },
    })
    expect(newLogin.status()).toBe(200)
  })

  test('changing the email shows the new one everywhere', async ({ page, user }) => {
    await page.goto('/settings')
    const form = page.getByRole('region', { name: 'Email' })
    const newEmail = `renamed-${user.email}`
    await form.getByLabel('New email').fill(newEmail)
    await form.getByLabel('Current password').fill(user.password)
    await form.getByRole('button', { name: 'Change email' }).click()
    await expect(form.getByRole('status')).toHaveText(`Your email is now ${newEmail}.`)
    await expect(page.getByRole('banner')).toContainText(newEmail)
  })

  test('signing out everywhere ends this session and every other one', async ({
    browser,
    page,
    user,
  }) => {
    const otherDevice = await browser.newContext()
    try {
      const otherPage = await otherDevice.newPage()
      await browserApi(otherPage).signIn(user)
      await otherPage.goto('/')
      await expect(otherPage.getByLabel('New task')).toBeVisible()

      await page.goto('/settings')
      await page.getByRole('button', { name: 'Sign out everywhere' }).click()
      const dialog = page.getByRole('dialog', { name: 'Sign out on every device?' })
      await expect(dialog).toBeVisible()
      await dialog.getByRole('button', { name: 'Sign out everywhere' }).click()
      await expect(page).toHaveURL(/\/signin$/)
      await expect(page.getByText('You have been signed out on every device.')).toBeVisible()

      // The other device finds out on its next request and is sent to sign in.
      await otherPage.getByLabel('New task').fill('Written after the sign-out')
      await otherPage.getByLabel('New task').press('Enter')
      await expect(otherPage).toHaveURL(/\/signin$/)
      await expect(otherPage.getByText('Your session has ended.')).toBeVisible()
    } finally {
      await otherDevice.close()
    }
  })

  test('deleting the account asks first, then removes it and its tasks', async ({
    page,
    request,
    user,
  }) => {
    await user.api.createTask('Soon gone')
    await page.goto('/settings')
    const section = page.getByRole('region', { name: 'Delete account' })
    await section.getByLabel('Password').fill('not-my-password')
    await section.getByRole('button', { name: 'Delete account' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' })
    await expect(dialog).toContainText(user.email)

    // Changing one's mind is one key away.
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await section.getByRole('button', { name: 'Delete account' }).click()
    await dialog.getByRole('button', { name: 'Delete my account' }).click()
    await expect(section.getByLabel('Password')).toHaveAccessibleDescription(
      'The current password is incorrect.',
    )

    await section.getByLabel('Password').fill(user.password)
    await section.getByRole('button', { name: 'Delete account' }).click()
    await dialog.getByRole('button', { name: 'Delete my account' }).click()
    await expect(page).toHaveURL(/\/signup$/)
    await expect(page.getByText('Your account and all its tasks have been deleted.')).toBeVisible()

    const login = await request.post('/api/v1/auth/login', {
      data: { email: user.email, password: user.password },
    })
    expect(login.status()).toBe(401)
  })
})
