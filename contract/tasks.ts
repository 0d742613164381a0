import { Type, type Static } from 'typebox'
import {
  DESCRIPTION_MAX_LENGTH,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  SEARCH_MAX_LENGTH,
  TITLE_MAX_LENGTH,
} from './limits.js'

const Title = Type.String({
  minLength: 1,
  maxLength: TITLE_MAX_LENGTH,
  description: `1 to ${TITLE_MAX_LENGTH} characters after trimming`,
  examples: ['Buy milk'],
})
const Description = Type.Union([Type.String({ maxLength: DESCRIPTION_MAX_LENGTH }), Type.Null()], {
  description: `Up to ${DESCRIPTION_MAX_LENGTH} characters, or null`,
})

export const Task = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  completed: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})

export const NewTask = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    completed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const TaskPatch = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    completed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const TaskListQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 200, description: 'next_cursor from the previous page' }),
  ),
  completed: Type.Optional(Type.Boolean()),
  q: Type.Optional(
    Type.String({ maxLength: SEARCH_MAX_LENGTH, description: 'Case-insensitive title search' }),
  ),
})

export const TaskList = Type.Object({
  items: Type.Array(Task),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as cursor to get the next page; null on the last page',
  }),
})

export const TaskStats = Type.Object({
  total: Type.Integer(),
  active: Type.Integer(),
  completed: Type.Integer(),
})

export const BulkResult = Type.Object({
  count: Type.Integer({ description: 'How many tasks changed' }),
})

export const TaskIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export type Task = Static<typeof Task>
export type NewTask = Static<typeof NewTask>
export type TaskPatch = Static<typeof TaskPatch>
export type TaskListQuery = Static<typeof TaskListQuery>
