import { describe, expect, test } from 'vitest'
import type { Task } from '../../../lib/api/types'
import type { TaskListKey } from '../../../lib/query-keys'
import {
  adjustStats,
  belongsTo,
  completeAllTasks,
  findTask,
  insertTask,
  patchTask,
  removeTasks,
  replaceTask,
  type TaskPages,
} from './task-cache'

function task(id: string, title: string, completed = false): Task {
  const at = '2026-01-01T00:00:00.000Z'
  return { id, title, description: null, completed, created_at: at, updated_at: at }
}

function pages(...lists: Task[][]): TaskPages {
  return {
    pages: lists.map((items, index) => ({
      items,
      next_cursor: index < lists.length - 1 ? `c${index}` : null,
    })),
    pageParams: lists.map((_, index) => (index === 0 ? null : `c${index - 1}`)),
  }
}

const titles = (data: TaskPages) => data.pages.map((page) => page.items.map((item) => item.title))

const ALL: TaskListKey = { completed: undefined, q: '' }
const ACTIVE: TaskListKey = { completed: false, q: '' }
const DONE: TaskListKey = { completed: true, q: '' }

describe('belongsTo', () => {
  test('follows the filter and a case-insensitive title search, like the server', () => {
    const milk = task('1', 'Buy Milk')
    expect(belongsTo(milk, ALL)).toBe(true)
    expect(belongsTo(milk, ACTIVE)).toBe(true)
    expect(belongsTo(milk, DONE)).toBe(false)
    expect(belongsTo(milk, { completed: undefined, q: 'milk' })).toBe(true)
    expect(belongsTo(milk, { completed: undefined, q: 'bread' })).toBe(false)
  })
})

describe('optimistic list edits', () => {
  test('a new task goes first, only into lists it belongs to', () => {
    const data = pages([task('2', 'Older')], [task('1', 'Oldest')])
    const fresh = task('3', 'Newest')
    expect(titles(insertTask(data, ALL, fresh))).toEqual([['Newest', 'Older'], ['Oldest']])
    expect(insertTask(data, DONE, fresh)).toBe(data)
    expect(insertTask(data, { completed: undefined, q: 'zzz' }, fresh)).toBe(data)
  })

  test('a placeholder is replaced in place by the saved task', () => {
    const data = pages([task('pending-1', 'Draft'), task('1', 'Other')])
    const saved = replaceTask(data, 'pending-1', task('42', 'Draft'))
    expect(saved.pages[0]!.items.map((item) => item.id)).toEqual(['42', '1'])
  })

  test('a change moves a task out of a list whose filter it no longer matches', () => {
    const data = pages([task('1', 'A'), task('2', 'B')], [task('3', 'C')])
    expect(titles(patchTask(data, ALL, '3', { completed: true }))).toEqual([['A', 'B'], ['C']])
    expect(findTask(patchTask(data, ALL, '3', { completed: true }), '3')?.completed).toBe(true)
    expect(titles(patchTask(data, ACTIVE, '2', { completed: true }))).toEqual([['A'], ['C']])
    expect(titles(patchTask(data, { completed: undefined, q: 'a' }, '1', { title: 'Z' }))).toEqual([
      ['B'],
      ['C'],
    ])
  })

  test('removing and completing every task keep each list consistent with its filter', () => {
    const data = pages([task('1', 'A', true), task('2', 'B')], [task('3', 'C', true)])
    expect(titles(removeTasks(data, (item) => item.completed))).toEqual([['B'], []])
    expect(titles(completeAllTasks(data, ALL))).toEqual([['A', 'B'], ['C']])
    expect(titles(completeAllTasks(data, ACTIVE))).toEqual([[], []])
    expect(
      completeAllTasks(data, ALL).pages.flatMap((page) => page.items.map((item) => item.completed)),
    ).toEqual([true, true, true])
  })

  test('edits never mutate the cached data they start from', () => {
    const data = pages([task('1', 'A')])
    const before = JSON.stringify(data)
    patchTask(data, ALL, '1', { completed: true })
    insertTask(data, ALL, task('2', 'B'))
    removeTasks(data, () => true)
    expect(JSON.stringify(data)).toBe(before)
  })
})

describe('adjustStats', () => {
  test('keeps active = total - completed and never goes below zero', () => {
    expect(adjustStats({ total: 3, completed: 1, active: 2 }, { total: 1 })).toEqual({
      total: 4,
      completed: 1,
      active: 3,
    })
    expect(adjustStats({ total: 3, completed: 1, active: 2 }, { completed: 1 })).toEqual({
      total: 3,
      completed: 2,
      active: 1,
    })
    expect(
      adjustStats({ total: 0, completed: 0, active: 0 }, { total: -1, completed: -1 }),
    ).toEqual({ total: 0, completed: 0, active: 0 })
  })
})
