import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query'
import { PAGE_SIZE_DEFAULT } from '../../../../../contract/limits'
import { api, unwrap } from '../../../lib/api/client'
import { ApiError, errorMessage } from '../../../lib/api/errors'
import type { Task, TaskPatch, TaskStats } from '../../../lib/api/types'
import { mutationKeys, queryKeys, type TaskListKey } from '../../../lib/query-keys'
import { showToast } from '../../../lib/toasts'
import {
  adjustStats,
  completeAllTasks,
  findTask,
  insertTask,
  patchTask,
  removeTasks,
  replaceTask,
  type TaskPages,
} from './task-cache'

export type TaskFilter = 'all' | 'active' | 'completed'

export function listKey(filter: TaskFilter, q: string): TaskListKey {
  return { completed: filter === 'all' ? undefined : filter === 'completed', q: q.trim() }
}

export function useTaskList(key: TaskListKey) {
  return useInfiniteQuery({
    queryKey: queryKeys.tasks.list(key),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/tasks', {
          params: {
            query: {
              limit: PAGE_SIZE_DEFAULT,
              ...(pageParam ? { cursor: pageParam } : {}),
              ...(key.completed === undefined ? {} : { completed: key.completed }),
              ...(key.q ? { q: key.q } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
    // While a new filter or search loads, the previous list stays on screen (marked busy)
    // instead of flashing a loading message on every keystroke.
    placeholderData: keepPreviousData,
  })
}

export function useTaskStats() {
  return useQuery({
    queryKey: queryKeys.tasks.stats(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/tasks/stats', { signal })),
  })
}

const PLACEHOLDER_PREFIX = 'pending-'
let placeholderCount = 0

/** A task shown before the server has saved it; it cannot be changed until it has an id. */
export function isUnsaved(task: Task): boolean {
  return task.id.startsWith(PLACEHOLDER_PREFIX)
}

type Snapshot = Array<[readonly unknown[], unknown]>

async function beginOptimisticChange(queryClient: QueryClient): Promise<Snapshot> {
  // A refetch landing now would overwrite the optimistic state with the old server state.
  await queryClient.cancelQueries({ queryKey: queryKeys.tasks.all })
  return queryClient.getQueriesData({ queryKey: queryKeys.tasks.all })
}

function restore(queryClient: QueryClient, snapshot: Snapshot | undefined) {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data)
}

function updateLists(
  queryClient: QueryClient,
  change: (data: TaskPages, key: TaskListKey) => TaskPages,
) {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: queryKeys.tasks.lists() })) {
    const key = query.queryKey[2] as TaskListKey
    queryClient.setQueryData<TaskPages>(query.queryKey, (data) => data && change(data, key))
  }
}

function updateStats(queryClient: QueryClient, change: (stats: TaskStats) => TaskStats) {
  queryClient.setQueryData<TaskStats>(queryKeys.tasks.stats(), (stats) => stats && change(stats))
}

function findCachedTask(queryClient: QueryClient, id: string): Task | undefined {
  for (const [, data] of queryClient.getQueriesData<TaskPages>({
    queryKey: queryKeys.tasks.lists(),
  })) {
    const task = findTask(data, id)
    if (task) return task
  }
  return undefined
}

// Task changes reach the server one at a time, in the order the user made them: sent in
// parallel, three quickly added tasks could arrive (and be dated) in any order.
const TASK_WRITES = { id: 'task-writes' }

/** Re-reads the server's truth once the last of several quick changes has settled. */
function settle(queryClient: QueryClient) {
  if (queryClient.isMutating({ mutationKey: mutationKeys.tasks }) === 1) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.tasks.all })
  }
}

function reportFailure(action: string, error: unknown) {
  // A 401 ends the session and sends the user to sign in, which says so itself.
  if (error instanceof ApiError && error.isUnauthorized) return
  showToast(`${action}: ${errorMessage(error)}`, 'error')
}

export interface NewTaskInput {
  title: string
  description?: string | null
}

export function useCreateTask() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: mutationKeys.tasks,
    scope: TASK_WRITES,
    mutationFn: (input: NewTaskInput) => unwrap(api.POST('/api/v1/tasks', { body: input })),
    onMutate: async (input) => {
      const snapshot = await beginOptimisticChange(queryClient)
      const now = new Date().toISOString()
      const placeholder: Task = {
        id: `${PLACEHOLDER_PREFIX}${++placeholderCount}`,
        title: input.title,
        description: input.description ?? null,
        completed: false,
        created_at: now,
        updated_at: now,
      }
      updateLists(queryClient, (data, key) => insertTask(data, key, placeholder))
      updateStats(queryClient, (stats) => adjustStats(stats, { total: 1 }))
      return { snapshot, placeholderId: placeholder.id }
    },
    onSuccess: (task, _input, context) => {
      updateLists(queryClient, (data) => replaceTask(data, context.placeholderId, task))
    },
    onError: (error, input, context) => {
      restore(queryClient, context?.snapshot)
      reportFailure(`Couldn't add “${input.title}”`, error)
    },
    onSettled: () => settle(queryClient),
  })
}

export interface TaskChange {
  id: string
  patch: TaskPatch
}

export function useUpdateTask() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: mutationKeys.tasks,
    scope: TASK_WRITES,
    mutationFn: ({ id, patch }: TaskChange) =>
      unwrap(api.PATCH('/api/v1/tasks/{id}', { params: { path: { id } }, body: patch })),
    onMutate: async ({ id, patch }) => {
      const snapshot = await beginOptimisticChange(queryClient)
      const before = findCachedTask(queryClient, id)
      updateLists(queryClient, (data, key) => patchTask(data, key, id, patch))
      if (before && patch.completed !== undefined && patch.completed !== before.completed) {
        updateStats(queryClient, (stats) =>
          adjustStats(stats, { completed: patch.completed ? 1 : -1 }),
        )
      }
      return { snapshot, title: before?.title ?? patch.title ?? 'the task' }
    },
    onSuccess: (task) => {
      updateLists(queryClient, (data, key) => patchTask(data, key, task.id, task))
    },
    onError: (error, { patch }, context) => {
      restore(queryClient, context?.snapshot)
      const what =
        patch.completed === undefined
          ? 'save'
          : patch.completed
            ? 'mark as done'
            : 'mark as not done'
      reportFailure(`Couldn't ${what} “${context?.title ?? 'the task'}”`, error)
    },
    onSettled: () => settle(queryClient),
  })
}

export function useDeleteTask() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: mutationKeys.tasks,
    scope: TASK_WRITES,
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/tasks/{id}', { params: { path: { id } } })),
    onMutate: async (id) => {
      const snapshot = await beginOptimisticChange(queryClient)
      const before = findCachedTask(queryClient, id)
      updateLists(queryClient, (data) => removeTasks(data, (task) => task.id === id))
      if (before) {
        updateStats(queryClient, (stats) =>
          adjustStats(stats, { total: -1, completed: before.completed ? -1 : 0 }),
        )
      }
      return { snapshot, title: before?.title ?? 'the task' }
    },
    onError: (error, _id, context) => {
      restore(queryClient, context?.snapshot)
      reportFailure(`Couldn't delete “${context?.title ?? 'the task'}”`, error)
    },
    onSettled: () => settle(queryClient),
  })
}

export function useCompleteAll() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: mutationKeys.tasks,
    scope: TASK_WRITES,
    mutationFn: () => unwrap(api.POST('/api/v1/tasks/complete-all')),
    onMutate: async () => {
      const snapshot = await beginOptimisticChange(queryClient)
      updateLists(queryClient, (data, key) => completeAllTasks(data, key))
      updateStats(queryClient, (stats) => ({ ...stats, completed: stats.total, active: 0 }))
      return { snapshot }
    },
    onError: (error, _input, context) => {
      restore(queryClient, context?.snapshot)
      reportFailure("Couldn't mark every task done", error)
    },
    onSettled: () => settle(queryClient),
  })
}

export function useClearCompleted() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: mutationKeys.tasks,
    scope: TASK_WRITES,
    mutationFn: () => unwrap(api.POST('/api/v1/tasks/clear-completed')),
    onMutate: async () => {
      const snapshot = await beginOptimisticChange(queryClient)
      updateLists(queryClient, (data) => removeTasks(data, (task) => task.completed))
      updateStats(queryClient, (stats) =>
        adjustStats(stats, { total: -stats.completed, completed: -stats.completed }),
      )
      return { snapshot }
    },
    onSuccess: ({ count }) => {
      showToast(count === 1 ? 'Deleted 1 completed task.' : `Deleted ${count} completed tasks.`)
    },
    onError: (error, _input, context) => {
      restore(queryClient, context?.snapshot)
      reportFailure("Couldn't clear completed tasks", error)
    },
    onSettled: () => settle(queryClient),
  })
}
