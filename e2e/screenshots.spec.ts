/// <reference lib="dom" />
// Pictures of the main pages at desktop and phone width, kept as test artifacts. With
// SCREENSHOTS_DIR set they are also written there (docs/screenshots holds the committed set).
// At phone width every page must fit without sideways scrolling.
import type { Page, TestInfo } from '@playwright/test'
import { copyFile, mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { expect, test } from './support/fixtures.js'

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const

async function capture(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
  await testInfo.attach(name, { path: file, contentType: 'image/png' })
  const target = process.env.SCREENSHOTS_DIR
  if (target) {
    await mkdir(resolve(target), { recursive: true })
    await copyFile(file, join(resolve(target), `${name}.png`))
  }
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow, 'the page is wider than the screen').toBeLessThanOrEqual(0)
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test(`main pages at ${device} width`, async ({ page, user }, testInfo) => {
    await page.setViewportSize(viewport)
    await user.api.createTask('Buy milk', { completed: true })
    await user.api.createTask('Call the plumber about the kitchen sink')
    await user.api.createTask('Write the quarterly report', {
      description: 'Numbers from finance first; draft to Sam by Thursday.',
    })
    await user.api.createTask('Book train tickets for the conference')

    await page.goto('/')
    await expect(page.getByText('3 tasks left')).toBeVisible()
    await expectNoSidewaysScroll(page)
    await capture(page, testInfo, `tasks-${device}`)

    await page.emulateMedia({ colorScheme: 'dark' })
    await capture(page, testInfo, `tasks-dark-${device}`)
    await page.emulateMedia({ colorScheme: 'light' })

    await page.goto('/settings')
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
    await expectNoSidewaysScroll(page)
    await capture(page, testInfo, `settings-${device}`)

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
    await expectNoSidewaysScroll(page)
    await capture(page, testInfo, `signin-${device}`)

    await page.goto('/signup')
    await page.getByLabel('Email').fill('ada@example')
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
    await expectNoSidewaysScroll(page)
    await capture(page, testInfo, `signup-errors-${device}`)
  })
}
