// Pure edits of cached task lists, used to show a change before the server confirms it. Each list
// in the cache is one filter + search; a change must land only in the lists it belongs to.
import type { InfiniteData } from '@tanstack/react-query'
import type { Task, TaskPage, TaskStats } from '../../../lib/api/types'
import type { TaskListKey } from '../../../lib/query-keys'

export type TaskPages = InfiniteData<TaskPage, string | null>

/** Whether a task belongs in a list with this filter and search (the server's rules). */
export function belongsTo(task: Pick<Task, 'title' | 'completed'>, key: TaskListKey): boolean {
  if (key.completed !== undefined && task.completed !== key.completed) return false
  return key.q === '' || task.title.toLowerCase().includes(key.q.toLowerCase())
}

function mapItems(data: TaskPages, change: (items: Task[]) => Task[]): TaskPages {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: change(page.items) })) }
}

/** Puts a new task first (lists are newest first), if it belongs there. */
export function insertTask(data: TaskPages, key: TaskListKey, task: Task): TaskPages {
  if (!belongsTo(task, key) || data.pages.length === 0) return data
  const [first, ...rest] = data.pages
  return { ...data, pages: [{ ...first!, items: [task, ...first!.items] }, ...rest] }
}

/** Swaps one task for another with the same position (a placeholder for the saved task). */
export function replaceTask(data: TaskPages, id: string, task: Task): TaskPages {
  return mapItems(data, (items) => items.map((item) => (item.id === id ? task : item)))
}

/** Applies a change to a task; one that no longer matches the list's filter leaves it. */
export function patchTask(
  data: TaskPages,
  key: TaskListKey,
  id: string,
  patch: Partial<Pick<Task, 'title' | 'description' | 'completed'>>,
): TaskPages {
  return mapItems(data, (items) =>
    items.flatMap((item) => {
      if (item.id !== id) return [item]
      const next = { ...item, ...patch }
      return belongsTo(next, key) ? [next] : []
    }),
  )
}

export function removeTasks(data: TaskPages, shouldRemove: (task: Task) => boolean): TaskPages {
  return mapItems(data, (items) => items.filter((item) => !shouldRemove(item)))
}

export function completeAllTasks(data: TaskPages, key: TaskListKey): TaskPages {
  return mapItems(data, (items) =>
    items.map((item) => ({ ...item, completed: true })).filter((item) => belongsTo(item, key)),
  )
}

export function findTask(data: TaskPages | undefined, id: string): Task | undefined {
  for (const page of data?.pages ?? []) {
    const found = page.items.find((item) => item.id === id)
    if (found) return found
  }
  return undefined
}

export function adjustStats(
  stats: TaskStats,
  change: { total?: number; completed?: number },
): TaskStats {
  const total = Math.max(0, stats.total + (change.total ?? 0))
  const completed = Math.min(total, Math.max(0, stats.completed + (change.completed ?? 0)))
  return { total, completed, active: total - completed }
}
