import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react'
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../../../contract/limits'
import { Button } from '../../../components/Button'
import { ConfirmDialog } from '../../../components/ConfirmDialog'
import type { Task } from '../../../lib/api/types'

export interface TaskEdit {
  title?: string
  description?: string | null
}

export interface TaskItemProps {
  task: Task
  /** Not saved by the server yet: shown, but not yet changeable. */
  unsaved?: boolean
  onToggle(completed: boolean): void
  onSave(edit: TaskEdit): void
  onDelete(): void
}

export function checkboxId(taskId: string): string {
  return `task-${taskId}-done`
}

export function TaskItem({ task, unsaved = false, onToggle, onSave, onDelete }: TaskItemProps) {
  const [editing, setEditing] = useState(false)
  const editButton = useRef<HTMLButtonElement>(null)
  // Whether closing the editor should put focus back on Edit (not when the user clicked away).
  const returnFocus = useRef(false)

  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false
      editButton.current?.focus()
    }
  }, [editing])

  const stopEditing = (refocus: boolean) => {
    returnFocus.current = refocus
    setEditing(false)
  }

  if (editing) {
    return (
      <li className="task task-editing">
        <TaskEditor
          task={task}
          onSave={(edit, refocus) => {
            onSave(edit)
            stopEditing(refocus)
          }}
          onCancel={(refocus) => stopEditing(refocus)}
          onDelete={onDelete}
        />
      </li>
    )
  }

  const id = checkboxId(task.id)
  return (
    <li className={`task${task.completed ? ' task-done' : ''}${unsaved ? ' task-unsaved' : ''}`}>
      <input
        id={id}
        type="checkbox"
        className="task-checkbox"
        checked={task.completed}
        disabled={unsaved}
        onChange={(event) => onToggle(event.target.checked)}
      />
      <div className="task-text">
        <label htmlFor={id} className="task-title">
          {task.title}
        </label>
        {task.description ? <p className="task-description">{task.description}</p> : null}
      </div>
      <div className="task-actions">
        <Button
          ref={editButton}
          variant="ghost"
          disabled={unsaved}
          onClick={() => setEditing(true)}
        >
          Edit <span className="visually-hidden">{task.title}</span>
        </Button>
        <Button variant="ghost" disabled={unsaved} onClick={onDelete}>
          Delete <span className="visually-hidden">{task.title}</span>
        </Button>
      </div>
    </li>
  )
}

interface TaskEditorProps {
  task: Task
  /** refocus: whether focus should go back to the task's Edit button. */
  onSave(edit: TaskEdit, refocus: boolean): void
  onCancel(refocus: boolean): void
  onDelete(): void
}

/**
 * Enter or leaving the editor saves, Escape cancels; an emptied title asks whether to delete
 * the task rather than guessing.
 */
function TaskEditor({ task, onSave, onCancel, onDelete }: TaskEditorProps) {
  const [title, setTitle] = useState(task.title)
  const [description, setDescription] = useState(task.description ?? '')
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  // Set once the editor has decided, so the blur that follows its removal cannot decide again.
  const done = useRef(false)
  const titleInput = useRef<HTMLInputElement>(null)
  const formId = useId()

  useEffect(() => {
    titleInput.current?.focus()
    titleInput.current?.select()
  }, [])

  function commit(refocus: boolean) {
    if (done.current || confirmingDelete) return
    const cleanTitle = title.trim()
    if (cleanTitle === '') {
      setConfirmingDelete(true)
      return
    }
    const cleanDescription = description.trim() === '' ? null : description.trim()
    const edit: TaskEdit = {}
    if (cleanTitle !== task.title) edit.title = cleanTitle
    if (cleanDescription !== (task.description ?? null)) edit.description = cleanDescription
    done.current = true
    if (Object.keys(edit).length === 0) onCancel(refocus)
    else onSave(edit, refocus)
  }

  function cancel() {
    if (done.current) return
    done.current = true
    onCancel(true)
  }

  function handleKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Escape' && !confirmingDelete) {
      event.preventDefault()
      cancel()
    }
  }

  function handleBlur(event: FocusEvent<HTMLFormElement>) {
    // Moving between the editor's own fields and buttons is not leaving it.
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return
    commit(false)
  }

  return (
    <form
      className="task-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        commit(true)
      }}
      onKeyDown={handleKeyDown}
      onBlur={handleBlur}
    >
      <label className="visually-hidden" htmlFor={`${formId}-title`}>
        Edit title
      </label>
      <input
        ref={titleInput}
        id={`${formId}-title`}
        className="input"
        value={title}
        maxLength={TITLE_MAX_LENGTH}
        autoComplete="off"
        onChange={(event) => setTitle(event.target.value)}
      />
      <label className="field-label" htmlFor={`${formId}-description`}>
        Description
      </label>
      <textarea
        id={`${formId}-description`}
        className="input textarea"
        rows={2}
        maxLength={DESCRIPTION_MAX_LENGTH}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
      />
      <div className="task-editor-actions">
        <Button type="submit" variant="primary">
          Save
        </Button>
        <Button onClick={cancel}>Cancel</Button>
      </div>
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete “${task.title}”?`}
        confirmLabel="Delete task"
        cancelLabel="Keep task"
        danger
        onConfirm={() => {
          done.current = true
          setConfirmingDelete(false)
          onDelete()
        }}
        onCancel={() => {
          setConfirmingDelete(false)
          setTitle(task.title)
          titleInput.current?.focus()
        }}
      >
        <p>The title is empty. Delete this task, or keep it with its old title?</p>
      </ConfirmDialog>
    </form>
  )
}
