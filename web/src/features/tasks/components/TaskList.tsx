import { useEffect, useRef, useState } from 'react'
import { Button } from '../../../components/Button'
import { StatusMessage } from '../../../components/StatusMessage'
import { errorMessage } from '../../../lib/api/errors'
import type { Task } from '../../../lib/api/types'
import {
  isUnsaved,
  listKey,
  useDeleteTask,
  useTaskList,
  useUpdateTask,
  type TaskFilter,
} from '../api/tasks'
import { checkboxId, TaskItem } from './TaskItem'

export interface TaskListProps {
  filter: TaskFilter
  search: string
  onClearSearch(): void
}

const EMPTY_TEXT: Record<TaskFilter, { title: string; body: string }> = {
  all: { title: 'No tasks yet.', body: 'Add your first one in the field above and press Enter.' },
  active: { title: 'Nothing left to do.', body: 'Every task is done. Add a new one above.' },
  completed: { title: 'No completed tasks yet.', body: 'Tick a task’s checkbox when it’s done.' },
}

export function TaskList({ filter, search, onClearSearch }: TaskListProps) {
  const list = useTaskList(listKey(filter, search))
  const updateTask = useUpdateTask()
  const deleteTask = useDeleteTask()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const tasks: Task[] = list.data?.pages.flatMap((page) => page.items) ?? []

  // A deleted task takes its focused button with it; keyboard users continue on its neighbour
  // once it has left the screen (after any dialog has handed focus back).
  const focusAfterDelete = useRef<{ deleted: string; next: string | null } | null>(null)
  useEffect(() => {
    const pending = focusAfterDelete.current
    if (!pending || tasks.some((task) => task.id === pending.deleted)) return
    focusAfterDelete.current = null
    const next = pending.next ? document.getElementById(checkboxId(pending.next)) : null
    ;(next ?? headingRef.current)?.focus()
  })

  const sentinel = useInfiniteScroll(
    () => void list.fetchNextPage(),
    list.hasNextPage && !list.isFetchingNextPage && !list.isError,
  )

  const heading = (
    <h2 ref={headingRef} tabIndex={-1} className="visually-hidden">
      {filter === 'all' ? 'All tasks' : filter === 'active' ? 'Active tasks' : 'Completed tasks'}
      {search.trim() ? ` matching “${search.trim()}”` : ''}
    </h2>
  )

  if (list.isPending) {
    return (
      <section className="task-list-section" aria-busy="true">
        {heading}
        <StatusMessage title="Loading your tasks…" />
      </section>
    )
  }

  if (list.isError && tasks.length === 0) {
    return (
      <section className="task-list-section">
        {heading}
        <StatusMessage
          tone="error"
          title="Your tasks could not be loaded."
          action={<Button onClick={() => void list.refetch()}>Try again</Button>}
        >
          <p>{errorMessage(list.error)}</p>
        </StatusMessage>
      </section>
    )
  }

  function remove(task: Task, index: number) {
    const neighbour = tasks[index + 1] ?? tasks[index - 1]
    focusAfterDelete.current = { deleted: task.id, next: neighbour ? neighbour.id : null }
    deleteTask.mutate(task.id)
  }

  return (
    <section className="task-list-section" aria-busy={list.isPlaceholderData || undefined}>
      {heading}
      {tasks.length === 0 ? (
        search.trim() ? (
          <StatusMessage
            tone="empty"
            title={`No tasks match “${search.trim()}”.`}
            action={<Button onClick={onClearSearch}>Clear search</Button>}
          >
            <p>Check the spelling, or search for part of a title.</p>
          </StatusMessage>
        ) : (
          <StatusMessage tone="empty" title={EMPTY_TEXT[filter].title}>
            <p>{EMPTY_TEXT[filter].body}</p>
          </StatusMessage>
        )
      ) : (
        <ul className={`task-list${list.isPlaceholderData ? ' is-stale' : ''}`}>
          {tasks.map((task, index) => (
            <TaskItem
              key={task.id}
              task={task}
              unsaved={isUnsaved(task)}
              onToggle={(completed) => updateTask.mutate({ id: task.id, patch: { completed } })}
              onSave={(patch) => updateTask.mutate({ id: task.id, patch })}
              onDelete={() => remove(task, index)}
            />
          ))}
        </ul>
      )}
      {list.isFetchNextPageError ? (
        <StatusMessage tone="error" title="More tasks could not be loaded.">
          <p>{errorMessage(list.error)}</p>
        </StatusMessage>
      ) : null}
      {list.hasNextPage ? (
        <div className="load-more" ref={sentinel}>
          <Button
            busy={list.isFetchingNextPage}
            busyLabel="Loading more…"
            onClick={() => void list.fetchNextPage()}
          >
            Load more
          </Button>
        </div>
      ) : null}
    </section>
  )
}

/** Calls load() whenever the returned element scrolls into view while enabled. */
function useInfiniteScroll(load: () => void, enabled: boolean) {
  const [element, setElement] = useState<HTMLElement | null>(null)
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })
  useEffect(() => {
    if (!element || !enabled || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadRef.current()
      },
      // Start a little before the end, so scrolling rarely has to wait.
      { rootMargin: '200px' },
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [element, enabled])
  return setElement
}
