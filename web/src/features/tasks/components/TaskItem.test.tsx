import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, test } from 'vitest'
import type { Task } from '../../../lib/api/types'
import { TaskItem, type TaskEdit } from './TaskItem'

const milk: Task = {
  id: '7b0c8f3e-9a0d-4a55-9a58-0a1f6f0f0b11',
  title: 'Buy milk',
  description: null,
  completed: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
}

function renderItem(task: Task = milk, unsaved = false) {
  const calls = { toggled: [] as boolean[], saved: [] as TaskEdit[], deleted: 0 }
  render(
    <ul>
      <TaskItem
        task={task}
        unsaved={unsaved}
        onToggle={(completed) => calls.toggled.push(completed)}
        onSave={(edit) => calls.saved.push(edit)}
        onDelete={() => calls.deleted++}
      />
      <li>
        <button type="button">Elsewhere</button>
      </li>
    </ul>,
  )
  return { calls, user: userEvent.setup() }
}

describe('TaskItem', () => {
  test('names its controls after the task', async () => {
    const { calls, user } = renderItem()
    await user.click(screen.getByRole('checkbox', { name: 'Buy milk' }))
    expect(calls.toggled).toEqual([true])
    expect(screen.getByRole('button', { name: 'Edit Buy milk' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Delete Buy milk' }))
    expect(calls.deleted).toBe(1)
  })

  test('Enter saves the trimmed title and hands focus back to Edit', async () => {
    const { calls, user } = renderItem()
    await user.click(screen.getByRole('button', { name: 'Edit Buy milk' }))
    const title = screen.getByRole('textbox', { name: 'Edit title' })
    expect(document.activeElement).toBe(title)
    await user.clear(title)
    await user.type(title, '  Buy oat milk  {Enter}')
    expect(calls.saved).toEqual([{ title: 'Buy oat milk' }])
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit Buy milk' }))
  })

  test('Escape cancels without saving', async () => {
    const { calls, user } = renderItem()
    await user.click(screen.getByRole('button', { name: 'Edit Buy milk' }))
    await user.type(screen.getByRole('textbox', { name: 'Edit title' }), ' and bread{Escape}')
    expect(calls.saved).toEqual([])
    expect(screen.queryByRole('textbox', { name: 'Edit title' })).toBeNull()
    expect(screen.getByRole('checkbox', { name: 'Buy milk' })).toBeTruthy()
  })

  test('leaving the editor saves, but moving inside it does not', async () => {
    const { calls, user } = renderItem()
    await user.click(screen.getByRole('button', { name: 'Edit Buy milk' }))
    await user.type(screen.getByRole('textbox', { name: 'Edit title' }), ' and bread')
    await user.click(screen.getByRole('textbox', { name: 'Description' }))
    expect(calls.saved).toEqual([])
    await user.type(screen.getByRole('textbox', { name: 'Description' }), 'Semi-skimmed')
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }))
    expect(calls.saved).toEqual([{ title: 'Buy milk and bread', description: 'Semi-skimmed' }])
  })

  test('an unchanged title sends nothing', async () => {
    const { calls, user } = renderItem()
    await user.click(screen.getByRole('button', { name: 'Edit Buy milk' }))
    await user.keyboard('{Enter}')
    expect(calls.saved).toEqual([])
  })

  test('an emptied title asks whether to delete the task', async () => {
    const { calls, user } = renderItem()
    await user.click(screen.getByRole('button', { name: 'Edit Buy milk' }))
    await user.clear(screen.getByRole('textbox', { name: 'Edit title' }))
    await user.keyboard('{Enter}')
    expect(calls.saved).toEqual([])
    const dialog = screen.getByRole('dialog', { name: 'Delete “Buy milk”?' })

    await user.click(screen.getByRole('button', { name: 'Keep task' }))
    expect(dialog.hasAttribute('open')).toBe(false)
    expect((screen.getByRole('textbox', { name: 'Edit title' }) as HTMLInputElement).value).toBe(
      'Buy milk',
    )

    await user.clear(screen.getByRole('textbox', { name: 'Edit title' }))
    await user.keyboard('{Enter}')
    await user.click(screen.getByRole('button', { name: 'Delete task' }))
    expect(calls.deleted).toBe(1)
    expect(calls.saved).toEqual([])
  })

  test('a task the server has not saved yet cannot be changed', () => {
    renderItem({ ...milk, id: 'pending-1' }, true)
    expect((screen.getByRole('checkbox', { name: 'Buy milk' }) as HTMLInputElement).disabled).toBe(
      true,
    )
    expect(
      (screen.getByRole('button', { name: 'Delete Buy milk' }) as HTMLButtonElement).disabled,
    ).toBe(true)
  })
})
