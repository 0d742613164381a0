// Requests Node's HTTP parser refuses (oversized headers, broken framing, a client too slow to send
// its request) never reach Fastify's router or hooks. They are answered here, on the raw socket, in
// the same problem+json shape and with the same protective headers as everything else.
import type { Socket } from 'node:net'
import { STATUS_CODES } from 'node:http'
import { PROBLEM_CONTENT_TYPE } from './errors.js'

const ANSWERS: Record<string, { status: number; detail: string } | undefined> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are too large.' },
  // Node raises this when the whole request (headers and body) has not arrived within
  // REQUEST_TIMEOUT_MS: slow-drip clients cannot hold a connection open indefinitely.
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request took too long to arrive.' },
}
const MALFORMED = { status: 400, detail: 'The request is malformed.' }

export function createClientErrorHandler(headers: Record<string, string>) {
  return (error: Error, socket: Socket): void => {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    // A response already being written must not get a second status line in the middle of it.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy(error)
      return
    }
    const { status, detail } = ANSWERS[code] ?? MALFORMED
    const title = STATUS_CODES[status] ?? 'Error'
    const body = JSON.stringify({ type: 'about:blank', title, status, detail })
    const headerLines = Object.entries({
      ...headers,
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    }).map(([name, value]) => `${name}: ${value}\r\n`)
    socket.end(`HTTP/1.1 ${status} ${title}\r\n${headerLines.join('')}\r\n${body}`)
  }
}
