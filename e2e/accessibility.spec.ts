/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { expect, test } from './support/fixtures.js'

/** Presses Tab until the target has focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator, maxPresses = 30) {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target.toString()}`)
}

/** Focus must be visible: the focused element draws an outline. */
async function expectVisibleFocus(page: Page) {
  const outline = await page.evaluate(() => {
    const element = document.activeElement
    if (!element || element === document.body) return 'nothing focused'
    const style = getComputedStyle(element)
    return `${style.outlineStyle} ${style.outlineWidth}`
  })
  expect(outline).toMatch(/^(solid|auto) [1-9]/)
}

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }))
  expect(serious, `axe found serious problems on ${label}`).toEqual([])
}

test('the whole journey works with the keyboard alone', async ({ page, account }) => {
  await page.goto('/signin')
  await tabTo(page, page.getByLabel('Email'))
  await expectVisibleFocus(page)
  await page.keyboard.type(account.email)
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Password')).toBeFocused()
  await page.keyboard.type(account.password)
  await page.keyboard.press('Enter')

  const newTask = page.getByLabel('New task')
  await expect(newTask).toBeVisible()
  await tabTo(page, newTask)
  for (const title of ['First by keyboard', 'Second by keyboard']) {
    await page.keyboard.type(title)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('checkbox', { name: title })).toBeVisible()
  }

  const first = page.getByRole('checkbox', { name: 'First by keyboard' })
  await tabTo(page, first)
  await expectVisibleFocus(page)
  await page.keyboard.press('Space')
  await expect(first).toBeChecked()

  await tabTo(page, page.getByRole('button', { name: 'Edit Second by keyboard' }))
  await expectVisibleFocus(page)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('textbox', { name: 'Edit title' })).toBeFocused()
  await page.keyboard.press('End')
  await page.keyboard.type(', edited')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Edit Second by keyboard, edited' })).toBeFocused()

  // Deleting moves focus to the next task instead of dropping it on the page.
  await page.keyboard.press('Tab')
  await expect(
    page.getByRole('button', { name: 'Delete Second by keyboard, edited' }),
  ).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(first).toBeFocused()

  await tabTo(page, page.getByRole('link', { name: 'Completed' }), 60)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/filter=completed/)
  // A filter keeps focus where it was; a new page starts keyboard focus at its content.
  await expect(page.getByRole('link', { name: 'Completed' })).toBeFocused()
  await tabTo(page, page.getByRole('link', { name: 'Settings' }), 60)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('New email')).toBeFocused()

  await tabTo(page, page.getByRole('button', { name: 'Sign out', exact: true }), 60)
  await expectVisibleFocus(page)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/signin$/)
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical problems (${colorScheme} theme)`, async ({
    page,
    user,
  }) => {
    await page.emulateMedia({ colorScheme })
    await user.api.createTask('Buy milk', { completed: true })
    await user.api.createTask('Write the report', { description: 'Due on Friday' })

    await page.goto('/')
    await expect(page.getByRole('checkbox', { name: 'Write the report' })).toBeVisible()
    await expectNoSeriousViolations(page, 'the task list')

    await page.getByRole('button', { name: 'Edit Write the report' }).click()
    await expectNoSeriousViolations(page, 'a task being edited')
    await page.keyboard.press('Escape')

    await page.goto('/settings')
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
    await expectNoSeriousViolations(page, 'the settings page')
    await page.getByRole('button', { name: 'Sign out everywhere' }).click()
    await expect(page.getByRole('dialog')).toBeVisible()
    await expectNoSeriousViolations(page, 'a confirmation dialog')
    await page.keyboard.press('Escape')

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await expect(page).toHaveURL(/\/signin$/)
    await expectNoSeriousViolations(page, 'the sign-in page')

    await page.goto('/signup')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
    await expectNoSeriousViolations(page, 'the sign-up page with errors')

    await page.goto('/no-such-page')
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
    await expectNoSeriousViolations(page, 'the not-found page')
  })
}
