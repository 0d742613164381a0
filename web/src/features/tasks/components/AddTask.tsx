import { useCreateTask } from '../api/tasks'
import { NewTaskForm } from './NewTaskForm'

export function AddTask() {
  const createTask = useCreateTask()
  return <NewTaskForm onAdd={(input) => createTask.mutate(input)} />
}
