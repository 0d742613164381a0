import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, test } from 'vitest'
import { ApiError } from '../../../lib/api/errors'
import type { Credentials } from '../api/session'
import { CredentialsForm } from './CredentialsForm'

function descriptionOf(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
}

describe('CredentialsForm', () => {
  test('checks the fields before sending anything and focuses the first mistake', async () => {
    const sent: Credentials[] = []
    render(<CredentialsForm mode="signup" onSubmit={async (c) => void sent.push(c)} />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'ada@example')
    await user.type(screen.getByLabelText('Password'), 'short')
    await user.click(screen.getByRole('button', { name: 'Sign up' }))

    const email = screen.getByLabelText('Email')
    expect(sent).toEqual([])
    expect(email.getAttribute('aria-invalid')).toBe('true')
    expect(descriptionOf(email)).toMatch(/Enter a valid email address/)
    expect(descriptionOf(screen.getByLabelText('Password'))).toMatch(/at least 8 characters/)
    expect(document.activeElement).toBe(email)

    // Fixing a field clears its message as the user types.
    await user.type(email, '.com')
    expect(email.getAttribute('aria-invalid')).toBeNull()
  })

  test('sends the trimmed email and the password as typed', async () => {
    const sent: Credentials[] = []
    render(<CredentialsForm mode="signin" onSubmit={async (c) => void sent.push(c)} />)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), '  ada@example.com ')
    await user.type(screen.getByLabelText('Password'), ' secret with spaces ')
    await user.keyboard('{Enter}')
    expect(sent).toEqual([{ email: 'ada@example.com', password: ' secret with spaces ' }])
  })

  test('places the server’s messages by field, and the rest above the form', async () => {
    let answer: ApiError = new ApiError(
      422,
      'password: This password is among the most common ones and easy to guess; choose another.',
      {
        password: 'This password is among the most common ones and easy to guess; choose another.',
      },
    )
    render(
      <CredentialsForm
        mode="signup"
        onSubmit={async () => {
          throw answer
        }}
      />,
    )
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'password123')
    await user.click(screen.getByRole('button', { name: 'Sign up' }))
    const password = screen.getByLabelText('Password')
    expect(descriptionOf(password)).toMatch(/among the most common ones/)
    expect(document.activeElement).toBe(password)
    expect(screen.queryByRole('alert')).toBeNull()

    answer = new ApiError(409, 'An account with this email already exists. Sign in instead.')
    await user.click(screen.getByRole('button', { name: 'Sign up' }))
    expect(screen.getByRole('alert').textContent).toBe(
      'An account with this email already exists. Sign in instead.',
    )
    expect(password.getAttribute('aria-invalid')).toBeNull()
    expect(document.body.textContent).not.toContain('[object Object]')
  })

  test('says it is busy and ignores a second submit while the first runs', async () => {
    let calls = 0
    let finish: () => void = () => {}
    render(
      <CredentialsForm
        mode="signin"
        onSubmit={() => {
          calls++
          return new Promise<void>((resolve) => (finish = resolve))
        }}
      />,
    )
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'whatever-it-is')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const busy = screen.getByRole('button', { name: 'Signing in…' })
    expect(busy.getAttribute('aria-disabled')).toBe('true')
    await user.click(busy)
    await user.keyboard('{Enter}')
    expect(calls).toBe(1)
    finish()
  })
})
