import { QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { Toaster } from '../components/Toaster'
import { useSessionExpiry } from '../features/auth'
import { createQueryClient } from './query-client'
import { AppRoutes } from './routes'

export function App() {
  const [queryClient] = useState(createQueryClient)
  return (
    <QueryClientProvider client={queryClient}>
      <SessionWatcher />
      <AppRoutes />
      <Toaster />
    </QueryClientProvider>
  )
}

function SessionWatcher() {
  useSessionExpiry()
  return null
}
