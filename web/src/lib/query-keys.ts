// Every cache key comes from here, so invalidation and optimistic updates name exactly the
// entries that screens read.

export interface TaskListKey {
  /** undefined lists every task; true/false only completed or only active ones. */
  completed: boolean | undefined
  /** Trimmed search text; empty means no search. */
  q: string
}

export const queryKeys = {
  session: {
    all: ['session'] as const,
    me: () => ['session', 'me'] as const,
  },
  tasks: {
    all: ['tasks'] as const,
    lists: () => ['tasks', 'list'] as const,
    list: (key: TaskListKey) => ['tasks', 'list', key] as const,
    stats: () => ['tasks', 'stats'] as const,
  },
}

export const mutationKeys = {
  tasks: ['tasks'] as const,
}
