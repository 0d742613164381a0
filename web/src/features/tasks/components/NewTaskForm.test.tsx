import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, test } from 'vitest'
import type { NewTaskInput } from '../api/tasks'
import { NewTaskForm } from './NewTaskForm'

function setup() {
  const added: NewTaskInput[] = []
  render(<NewTaskForm onAdd={(input) => added.push(input)} />)
  return { added, user: userEvent.setup(), field: screen.getByLabelText('New task') }
}

test('Enter adds the trimmed title, empties the field and keeps focus there', async () => {
  const { added, user, field } = setup()
  await user.type(field, '  Buy milk  {Enter}')
  expect(added).toEqual([{ title: 'Buy milk' }])
  expect((field as HTMLInputElement).value).toBe('')
  expect(document.activeElement).toBe(field)
})

test('a blank title is explained instead of sent', async () => {
  const { added, user, field } = setup()
  await user.type(field, '   {Enter}')
  expect(added).toEqual([])
  expect(screen.getByRole('alert').textContent).toBe('Type what needs doing, then press Enter.')
  await user.type(field, 'x')
  expect(screen.queryByRole('alert')).toBeNull()
})

test('an optional description goes with the task', async () => {
  const { added, user, field } = setup()
  const toggle = screen.getByRole('button', { name: 'Add a description' })
  expect(toggle.getAttribute('aria-expanded')).toBe('false')
  await user.click(toggle)
  await user.type(screen.getByLabelText('Description (optional)'), 'Semi-skimmed')
  await user.type(field, 'Buy milk{Enter}')
  expect(added).toEqual([{ title: 'Buy milk', description: 'Semi-skimmed' }])
  expect(screen.getByRole('button', { name: 'Add a description' })).toBeTruthy()
})
