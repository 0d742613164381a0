import { useEffect, useId, useRef, useState } from 'react'
import { SEARCH_MAX_LENGTH } from '../../../../../contract/limits'

// Long enough not to query on every keystroke, short enough to feel immediate.
const SEARCH_DELAY_MS = 250

export interface SearchBoxProps {
  value: string
  onSearch(value: string): void
}

export function SearchBox({ value, onSearch }: SearchBoxProps) {
  const id = useId()
  const [text, setText] = useState(value)
  const onSearchRef = useRef(onSearch)
  useEffect(() => {
    onSearchRef.current = onSearch
  })

  // The address changed (back/forward, "Clear search"): show what it says.
  const [lastValue, setLastValue] = useState(value)
  if (value !== lastValue) {
    setLastValue(value)
    setText(value)
  }

  useEffect(() => {
    if (text === value) return
    const timer = setTimeout(() => onSearchRef.current(text), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, value])

  return (
    <div className="search" role="search">
      <label className="visually-hidden" htmlFor={id}>
        Search tasks
      </label>
      <input
        id={id}
        type="search"
        className="input"
        placeholder="Search tasks"
        maxLength={SEARCH_MAX_LENGTH}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onSearchRef.current(text)
        }}
      />
    </div>
  )
}
