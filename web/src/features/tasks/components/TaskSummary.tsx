import { Button } from '../../../components/Button'
import { useClearCompleted, useCompleteAll, useTaskStats } from '../api/tasks'

/** How many tasks are left, and the two actions that act on all of them. */
export function TaskSummary() {
  const stats = useTaskStats()
  const completeAll = useCompleteAll()
  const clearCompleted = useClearCompleted()
  if (!stats.data) return null
  const { active, completed, total } = stats.data
  if (total === 0) return null
  return (
    <div className="task-summary">
      <p className="task-count" aria-live="polite">
        <strong>{active}</strong> {active === 1 ? 'task' : 'tasks'} left
      </p>
      <div className="task-summary-actions">
        <Button disabled={active === 0} onClick={() => completeAll.mutate()}>
          Mark all done
        </Button>
        <Button disabled={completed === 0} onClick={() => clearCompleted.mutate()}>
          Clear completed
        </Button>
      </div>
    </div>
  )
}
