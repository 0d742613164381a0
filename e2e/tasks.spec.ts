import { expect, test } from './support/fixtures.js'

test.describe('managing tasks', () => {
  test('add, edit, complete, search and delete tasks; everything survives a reload', async ({
    page,
    user,
  }) => {
    await page.goto('/')
    const newTask = page.getByLabel('New task')
    for (const title of ['Buy milk', 'Write the report', 'Call the plumber']) {
      await newTask.fill(title)
      await newTask.press('Enter')
      // The field empties at once and keeps focus for the next task.
      await expect(newTask).toHaveValue('')
      await expect(newTask).toBeFocused()
    }

    // Newest first.
    const titles = page.locator('.task-title')
    await expect(titles).toHaveText(['Call the plumber', 'Write the report', 'Buy milk'])
    await expect(page.getByText('3 tasks left')).toBeVisible()

    await page.getByRole('checkbox', { name: 'Buy milk' }).check()
    await expect(page.getByText('2 tasks left')).toBeVisible()

    await page.getByRole('button', { name: 'Edit Write the report' }).click()
    const title = page.getByRole('textbox', { name: 'Edit title' })
    await expect(title).toBeFocused()
    await title.fill('Write the annual report')
    await title.press('Enter')
    await expect(page.getByRole('checkbox', { name: 'Write the annual report' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Edit Write the annual report' })).toBeFocused()

    await page.getByLabel('Search tasks').fill('REPORT')
    await expect(page).toHaveURL(/\?q=REPORT$/)
    await expect(titles).toHaveText(['Write the annual report'])
    await page.getByLabel('Search tasks').fill('')
    await expect(titles).toHaveCount(3)

    await page.getByRole('button', { name: 'Delete Call the plumber' }).click()
    await expect(page.getByRole('checkbox', { name: 'Call the plumber' })).toHaveCount(0)

    await page.reload()
    await expect(titles).toHaveText(['Write the annual report', 'Buy milk'])
    await expect(page.getByRole('checkbox', { name: 'Buy milk' })).toBeChecked()
    await expect(page.getByText('1 task left')).toBeVisible()
    // And the server agrees.
    const saved = await user.api.listTasks()
    expect(saved.map((task) => [task.title, task.completed])).toEqual([
      ['Write the annual report', false],
      ['Buy milk', true],
    ])
  })

  test('filters live in the address: reload and back/forward keep them', async ({ page, user }) => {
    await user.api.createTask('Done already', { completed: true })
    await user.api.createTask('Still to do')
    await page.goto('/')
    const titles = page.locator('.task-title')
    await expect(titles).toHaveText(['Still to do', 'Done already'])

    await page.getByRole('link', { name: 'Active' }).click()
    await expect(page).toHaveURL(/\?filter=active$/)
    await expect(page.getByRole('link', { name: 'Active' })).toHaveAttribute('aria-current', 'page')
    await expect(titles).toHaveText(['Still to do'])

    await page.getByRole('link', { name: 'Completed' }).click()
    await expect(titles).toHaveText(['Done already'])

    await page.reload()
    await expect(page).toHaveURL(/\?filter=completed$/)
    await expect(titles).toHaveText(['Done already'])

    await page.goBack()
    await expect(page).toHaveURL(/\?filter=active$/)
    await expect(titles).toHaveText(['Still to do'])
    await page.goForward()
    await expect(titles).toHaveText(['Done already'])

    // Ticking a task in the Active view moves it out of that view.
    await page.getByRole('link', { name: 'Active' }).click()
    // click(), not check(): the box leaves the page before it could be seen ticked.
    await page.getByRole('checkbox', { name: 'Still to do' }).click()
    await expect(page.getByText('Nothing left to do.')).toBeVisible()
    await expect(page.getByText('0 tasks left')).toBeVisible()
  })

  test('editing in place: Escape cancels, leaving the field saves, an empty title asks to delete', async ({
    page,
    user,
  }) => {
    await user.api.createTask('Water the plants', { description: 'The ones on the balcony' })
    await user.api.createTask('Book the flights')
    await page.goto('/')
    await expect(page.getByText('The ones on the balcony')).toBeVisible()

    await page.getByRole('button', { name: 'Edit Book the flights' }).click()
    await page.getByRole('textbox', { name: 'Edit title' }).fill('Book the trains')
    await page.keyboard.press('Escape')
    await expect(page.getByRole('checkbox', { name: 'Book the flights' })).toBeVisible()

    await page.getByRole('button', { name: 'Edit Book the flights' }).click()
    await page.getByRole('textbox', { name: 'Edit title' }).fill('Book the trains')
    await page.getByLabel('Search tasks').click()
    await expect(page.getByRole('checkbox', { name: 'Book the trains' })).toBeVisible()

    await page.getByRole('button', { name: 'Edit Water the plants' }).click()
    await page.getByRole('textbox', { name: 'Description' }).fill('All of them')
    await page.getByRole('textbox', { name: 'Edit title' }).press('Enter')
    await expect(page.getByText('All of them')).toBeVisible()

    await page.getByRole('button', { name: 'Edit Water the plants' }).click()
    await page.getByRole('textbox', { name: 'Edit title' }).fill('   ')
    await page.getByRole('textbox', { name: 'Edit title' }).press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Delete “Water the plants”?' })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Keep task' }).click()
    await expect(page.getByRole('textbox', { name: 'Edit title' })).toHaveValue('Water the plants')

    await page.getByRole('textbox', { name: 'Edit title' }).fill('')
    await page.getByRole('textbox', { name: 'Edit title' }).press('Enter')
    await dialog.getByRole('button', { name: 'Delete task' }).click()
    await expect(page.getByRole('checkbox', { name: 'Water the plants' })).toHaveCount(0)

    await page.reload()
    await expect(page.locator('.task-title')).toHaveText(['Book the trains'])
  })

  test('a task can carry a description from the start', async ({ page, user }) => {
    await page.goto('/')
    await page.getByLabel('New task').fill('Plan the party')
    await page.getByRole('button', { name: 'Add a description' }).click()
    await page.getByLabel('Description (optional)').fill('Saturday, 20 guests')
    await page.getByLabel('New task').press('Enter')
    await expect(page.getByText('Saturday, 20 guests')).toBeVisible()
    await expect
      .poll(async () => (await user.api.listTasks()).map((task) => task.description))
      .toEqual(['Saturday, 20 guests'])
  })

  test('Mark all done, Clear completed and the count of tasks left', async ({ page, user }) => {
    for (const title of ['One', 'Two', 'Three']) await user.api.createTask(title)
    await page.goto('/')
    await expect(page.getByText('3 tasks left')).toBeVisible()

    await page.getByRole('button', { name: 'Mark all done' }).click()
    await expect(page.getByText('0 tasks left')).toBeVisible()
    for (const title of ['One', 'Two', 'Three']) {
      await expect(page.getByRole('checkbox', { name: title })).toBeChecked()
    }
    await page.getByRole('checkbox', { name: 'Two' }).uncheck()
    await expect(page.getByText('1 task left')).toBeVisible()

    await page.getByRole('button', { name: 'Clear completed' }).click()
    await expect(page.locator('.task-title')).toHaveText(['Two'])
    await expect(
      page.getByRole('status').filter({ hasText: 'Deleted 2 completed tasks.' }),
    ).toBeVisible()
    await page.reload()
    await expect(page.locator('.task-title')).toHaveText(['Two'])
  })

  test('a long list loads the next page when its end scrolls into view', async ({ page, user }) => {
    // One more page than the API's default page size (50), plus a few.
    for (let i = 1; i <= 53; i++) await user.api.createTask(`Task ${String(i).padStart(2, '0')}`)
    await page.goto('/')
    const titles = page.locator('.task-title')
    await expect(titles.first()).toHaveText('Task 53')
    await expect(titles).toHaveCount(50)
    await expect(page.getByRole('button', { name: 'Load more' })).toBeAttached()
    await titles.last().scrollIntoViewIfNeeded()
    await expect(titles).toHaveCount(53)
    await expect(titles.last()).toHaveText('Task 01')
    await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0)

    await page.getByLabel('Search tasks').fill('Task 0')
    await expect(titles).toHaveCount(9)
  })

  test('a change the server refuses is rolled back with a message', async ({ page, user }) => {
    const doomed = await user.api.createTask('Renew passport')
    await page.goto('/')
    await expect(page.getByRole('checkbox', { name: 'Renew passport' })).toBeVisible()

    // Deleted elsewhere (another tab, another device) while this page still shows it.
    await user.api.deleteTask(doomed.id)
    // click(), not check(): the tick may be undone before Playwright could look at it.
    await page.getByRole('checkbox', { name: 'Renew passport' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'Renew passport' })).toContainText(
      "Couldn't mark as done “Renew passport”: Task not found.",
    )
    // The list then catches up with the server.
    await expect(page.getByRole('checkbox', { name: 'Renew passport' })).toHaveCount(0)
    await expect(page.getByText('No tasks yet.')).toBeVisible()
  })

  test('empty and failed states say what happened and what to do', async ({
    page,
    user,
    pageProblems,
  }) => {
    await page.goto('/?q=nothing-like-this')
    await expect(page.getByText('No tasks match “nothing-like-this”.')).toBeVisible()
    await page.getByRole('button', { name: 'Clear search' }).click()
    await expect(page).toHaveURL(/\/$/)
    await expect(page.getByText('No tasks yet.')).toBeVisible()
    await expect(page.getByLabel('Search tasks')).toHaveValue('')

    await user.api.createTask('Something')
    // The server goes away for the list request only.
    pageProblems.allow(/ERR_CONNECTION_REFUSED/)
    await page.route('**/api/v1/tasks?*', (route) => route.abort('connectionrefused'))
    await page.getByRole('link', { name: 'Completed' }).click()
    await expect(page.getByText('Your tasks could not be loaded.')).toBeVisible({
      timeout: 15_000,
    })
    await expect(page.getByText("Can't reach the server.")).toBeVisible()
    await page.unroute('**/api/v1/tasks?*')
    await page.getByRole('button', { name: 'Try again' }).click()
    await expect(page.getByText('No completed tasks yet.')).toBeVisible()
  })
})
