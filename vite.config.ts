import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The dev server proxies the API so the page and the API share one origin, as in production:
// the session cookie stays first-party and the Origin check passes.
const apiTarget = process.env.API_URL ?? 'http://localhost:8000'

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget },
      '/docs': { target: apiTarget },
    },
  },
})
