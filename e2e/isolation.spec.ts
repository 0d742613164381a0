import { browserApi, expect, signUpByApi, test } from './support/fixtures.js'

test('a user never sees another user’s tasks', async ({ browser, page, user }) => {
  await user.api.createTask('Alice’s secret plan')
  await page.goto('/')
  await expect(page.getByRole('checkbox', { name: 'Alice’s secret plan' })).toBeVisible()

  const otherContext = await browser.newContext()
  try {
    const otherPage = await otherContext.newPage()
    const other = await signUpByApi(otherContext.request, 'bob')
    await browserApi(otherPage).signIn(other)
    await otherPage.goto('/')
    await expect(otherPage.getByRole('banner')).toContainText(other.email)
    await expect(otherPage.getByText('No tasks yet.')).toBeVisible()
    await otherPage.getByLabel('Search tasks').fill('secret')
    await expect(otherPage.getByText('No tasks match “secret”.')).toBeVisible()
    expect(await browserApi(otherPage).listTasks()).toEqual([])
  } finally {
    await otherContext.close()
  }
})
