import { Link } from 'wouter'
import type { TaskFilter } from '../api/tasks'

const FILTERS: ReadonlyArray<{ value: TaskFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'completed', label: 'Completed' },
]

export interface TaskFiltersProps {
  current: TaskFilter
  /** The URL showing a filter: filters live in the address, so reload and back/forward work. */
  hrefFor(filter: TaskFilter): string
}

export function TaskFilters({ current, hrefFor }: TaskFiltersProps) {
  return (
    <nav aria-label="Filter tasks" className="filters">
      <ul>
        {FILTERS.map(({ value, label }) => (
          <li key={value}>
            <Link
              href={hrefFor(value)}
              className="filter-link"
              aria-current={value === current ? 'page' : undefined}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
