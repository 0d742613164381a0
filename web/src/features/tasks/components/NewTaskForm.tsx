import { useId, useRef, useState, type FormEvent } from 'react'
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../../../contract/limits'
import { Button } from '../../../components/Button'
import type { NewTaskInput } from '../api/tasks'

export interface NewTaskFormProps {
  onAdd(input: NewTaskInput): void
}

/** Type and press Enter. The form clears at once: the task appears before the server answers. */
export function NewTaskForm({ onAdd }: NewTaskFormProps) {
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [showDescription, setShowDescription] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const titleRef = useRef<HTMLInputElement>(null)
  const descriptionId = useId()
  const errorId = useId()

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const cleanTitle = title.trim()
    if (cleanTitle === '') {
      setError('Type what needs doing, then press Enter.')
      titleRef.current?.focus()
      return
    }
    const cleanDescription = description.trim()
    onAdd({ title: cleanTitle, ...(cleanDescription ? { description: cleanDescription } : {}) })
    setTitle('')
    setDescription('')
    setShowDescription(false)
    setError(null)
    titleRef.current?.focus()
  }

  return (
    <form className="new-task" noValidate onSubmit={handleSubmit}>
      <div className="new-task-row">
        <label className="visually-hidden" htmlFor={`${descriptionId}-title`}>
          New task
        </label>
        <input
          ref={titleRef}
          id={`${descriptionId}-title`}
          className="input new-task-input"
          placeholder="What needs doing?"
          autoComplete="off"
          maxLength={TITLE_MAX_LENGTH}
          value={title}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setTitle(event.target.value)
            if (error) setError(null)
          }}
        />
        <Button type="submit" variant="primary">
          Add task
        </Button>
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        className="link-button"
        aria-expanded={showDescription}
        aria-controls={descriptionId}
        onClick={() => setShowDescription((shown) => !shown)}
      >
        {showDescription ? 'Hide description' : 'Add a description'}
      </button>
      <div id={descriptionId} hidden={!showDescription} className="field">
        <label className="field-label" htmlFor={`${descriptionId}-text`}>
          Description (optional)
        </label>
        <textarea
          id={`${descriptionId}-text`}
          className="input textarea"
          rows={3}
          maxLength={DESCRIPTION_MAX_LENGTH}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
    </form>
  )
}
