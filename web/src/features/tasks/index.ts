// The tasks feature as pages see it.
export type { TaskFilter } from './api/tasks'
export { AddTask } from './components/AddTask'
export { SearchBox } from './components/SearchBox'
export { TaskFilters } from './components/TaskFilters'
export { TaskList } from './components/TaskList'
export { TaskSummary } from './components/TaskSummary'
