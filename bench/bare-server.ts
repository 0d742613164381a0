// The HTTP ceiling: plain node:http answering a fixed small JSON body, nothing else. Whatever the
// service does beyond this (routing, auth, SQL, serialization) is what it costs.
import { createServer } from 'node:http'

const body = Buffer.from(JSON.stringify({ status: 'ok', items: [] }))
const port = Number(process.argv[2])

createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
  response.end(body)
}).listen(port, '127.0.0.1', () => process.send?.('listening'))
