import { useLocation, useSearch } from 'wouter'
import {
  AddTask,
  SearchBox,
  TaskFilters,
  TaskList,
  TaskSummary,
  type TaskFilter,
} from '../../features/tasks'
import { useDocumentTitle } from './AuthPageLayout'

function readFilter(value: string | null): TaskFilter {
  return value === 'active' || value === 'completed' ? value : 'all'
}

/** Filter and search live in the address (?filter=active&q=milk): reload and back/forward keep them. */
function tasksHref(filter: TaskFilter, q: string): string {
  const params = new URLSearchParams()
  if (filter !== 'all') params.set('filter', filter)
  if (q.trim()) params.set('q', q.trim())
  const query = params.toString()
  return query ? `/?${query}` : '/'
}

export function TasksPage() {
  const search = useSearch()
  const [, navigate] = useLocation()
  const params = new URLSearchParams(search)
  const filter = readFilter(params.get('filter'))
  const q = params.get('q') ?? ''
  useDocumentTitle('Tasks')

  return (
    <div className="tasks-page">
      <h1 className="page-title">Tasks</h1>
      <AddTask />
      <div className="task-tools">
        <TaskFilters current={filter} hrefFor={(next) => tasksHref(next, q)} />
        <SearchBox
          value={q}
          // Typing refines one search; it should not fill the history with every keystroke.
          onSearch={(text) => navigate(tasksHref(filter, text), { replace: true })}
        />
      </div>
      <TaskSummary />
      <TaskList
        filter={filter}
        search={q}
        onClearSearch={() => navigate(tasksHref(filter, ''), { replace: true })}
      />
    </div>
  )
}
