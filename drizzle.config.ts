import { defineConfig } from 'drizzle-kit'

// Generation needs no database: `npm run db:generate` diffs server/db/schema.ts against the snapshots.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './server/db/migrations',
})
