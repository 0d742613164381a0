import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { webDistDir } from '../paths.js'
import { sendRouteNotFound } from './errors.js'

// Serves the built single-page app on the API's own origin (so the session cookie is first-party)
// and answers unknown page URLs with index.html, letting the client-side router take them.
async function webAppPlugin(app: FastifyInstance, options: { root?: string }) {
  const root = options.root ?? webDistDir
  const hasWebApp = existsSync(join(root, 'index.html'))
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset; sending those saves compressing per request.
      preCompressed: true,
      setHeaders(reply, path) {
        // Vite fingerprints everything under assets/, so those files never change.
        reply.header(
          'cache-control',
          path.startsWith(join(root, 'assets'))
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        )
      },
    })
  } else {
    app.log.warn(`No built web app in ${root}; run "npm run build" to serve it.`)
  }

  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      hasWebApp &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      (request.headers.accept ?? '').includes('text/html')
    if (!wantsPage) return sendRouteNotFound(request, reply)
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
}

export default fp(webAppPlugin, { name: 'web-app' })
