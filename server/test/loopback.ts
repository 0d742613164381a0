// Helpers for tests that must go over real HTTP: Node's HTTP parser (header size limits, request
// timeouts, malformed framing) never runs under inject().
import type { FastifyInstance } from 'fastify'
import { createServer, Socket } from 'node:net'

const LOOPBACK = '127.0.0.1'

/**
 * TEST_PORTS="8400-8499" keeps every listening socket inside a range (useful on a shared machine);
 * unset, the operating system picks free ports.
 */
function portRange(): [number, number] | undefined {
  const match = /^(\d+)-(\d+)$/.exec(process.env.TEST_PORTS ?? '')
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

function candidatePort(): number {
  const range = portRange()
  if (!range) return 0
  const [low, high] = range
  return low + Math.floor(Math.random() * (high - low + 1))
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
}

/** Listens on loopback and returns the port. */
export async function listenOnLoopback(app: FastifyInstance): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      await app.listen({ host: LOOPBACK, port: candidatePort() })
      const address = app.server.address()
      if (address === null || typeof address === 'string') throw new Error('not a TCP address')
      return address.port
    } catch (error) {
      if (!isAddressInUse(error) || attempt >= 50) throw error
    }
  }
}

/** A port nothing listens on right now, for a child process to take. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) => {
        const server = createServer()
        server.once('error', reject)
        server.listen(candidatePort(), LOOPBACK, () => {
          const address = server.address()
          const port = typeof address === 'object' && address ? address.port : 0
          server.close(() => resolve(port))
        })
      })
    } catch (error) {
      if (!isAddressInUse(error) || attempt >= 50) throw error
    }
  }
}

export interface RawResponse {
  /** Everything the server sent before closing (or before the wait ran out). */
  raw: string
  status: number | undefined
  headers: Record<string, string>
  body: string
  /** Whether the server closed the connection. */
  closed: boolean
  /** Milliseconds from connecting to the close (or to giving up). */
  elapsedMs: number
}

/**
 * Writes bytes to the server as they are, in chunks with pauses between them, and collects what comes
 * back until the server closes the connection or `waitMs` passes.
 */
export async function rawExchange(
  port: number,
  chunks: Array<string | Buffer>,
  options: { pauseMs?: number; waitMs?: number } = {},
): Promise<RawResponse> {
  const { pauseMs = 0, waitMs = 5_000 } = options
  const socket = new Socket()
  const received: Buffer[] = []
  const started = performance.now()
  let closed = false
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs)
    socket.on('data', (data) => received.push(data))
    socket.on('error', () => {})
    socket.on('close', () => {
      closed = true
      clearTimeout(timer)
      resolve()
    })
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.connect(port, LOOPBACK, resolve)
  })
  void (async () => {
    for (const chunk of chunks) {
      if (closed || socket.destroyed) return
      socket.write(chunk)
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  })()
  await done
  const elapsedMs = performance.now() - started
  socket.destroy()
  return { ...parseResponse(Buffer.concat(received).toString('utf8')), closed, elapsedMs }
}

function parseResponse(raw: string): Omit<RawResponse, 'closed' | 'elapsedMs'> {
  const headerEnd = raw.indexOf('\r\n\r\n')
  if (headerEnd === -1) return { raw, status: undefined, headers: {}, body: '' }
  const [statusLine, ...headerLines] = raw.slice(0, headerEnd).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return {
    raw,
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]),
    headers,
    body: raw.slice(headerEnd + 4),
  }
}
