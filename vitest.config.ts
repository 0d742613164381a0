import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [react()],
  test: {
    // Only the web app's unit tests: Playwright's e2e/*.spec.ts and the server's node:test files
    // would otherwise be collected too.
    include: ['web/src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['web/src/test/setup.ts'],
    restoreMocks: true,
  },
})
