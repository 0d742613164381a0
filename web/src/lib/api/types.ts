import type { paths } from './schema'

// Wire types named once, from the generated schema, so features never spell out deep paths.
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never

export type User = JsonOf<paths['/api/v1/auth/me']['get']['responses'][200]>
export type Task = JsonOf<paths['/api/v1/tasks/{id}']['get']['responses'][200]>
export type TaskPage = JsonOf<paths['/api/v1/tasks']['get']['responses'][200]>
export type TaskStats = JsonOf<paths['/api/v1/tasks/stats']['get']['responses'][200]>
export type NewTask = NonNullable<
  paths['/api/v1/tasks']['post']['requestBody']
>['content']['application/json']
export type TaskPatch = NonNullable<
  paths['/api/v1/tasks/{id}']['patch']['requestBody']
>['content']['application/json']
