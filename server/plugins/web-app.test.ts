import Fastify, { type FastifyInstance } from 'fastify'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib'
import webApp from './web-app.js'

// A stand-in for a built web app, laid out as Vite writes it.
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))})`
let root: string
let app: FastifyInstance

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'web-app-test-'))
  await mkdir(join(root, 'assets'))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Todo</title>')
  await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  await writeFile(join(root, 'assets', 'index-abc123.js'), SCRIPT)
  await writeFile(join(root, 'assets', 'index-abc123.js.gz'), gzipSync(SCRIPT))
  await writeFile(join(root, 'assets', 'index-abc123.js.br'), brotliCompressSync(SCRIPT))
  app = Fastify()
  await app.register(webApp, { root })
  await app.ready()
})
after(async () => {
  await app.close()
  await rm(root, { recursive: true, force: true })
})

describe('the built web app', () => {
  test('sends the precompressed script the browser accepts, cached for good', async () => {
    const brotli = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    })
    assert.equal(brotli.statusCode, 200)
    assert.equal(brotli.headers['content-encoding'], 'br')
    assert.match(String(brotli.headers['content-type']), /javascript/)
    assert.match(String(brotli.headers.vary), /accept-encoding/i)
    assert.equal(brotli.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.ok(brotli.rawPayload.length < SCRIPT.length / 10)

    const gzip = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    })
    assert.equal(gzip.headers['content-encoding'], 'gzip')
    assert.equal(gunzipSync(gzip.rawPayload).toString(), SCRIPT)
  })

  test('sends the plain file to clients that accept no compression', async () => {
    const plain = await app.inject({ url: '/assets/index-abc123.js' })
    assert.equal(plain.statusCode, 200)
    assert.equal(plain.headers['content-encoding'], undefined)
    assert.equal(plain.body, SCRIPT)
  })

  test('files without a compressed copy are still served', async () => {
    const icon = await app.inject({
      url: '/favicon.svg',
      headers: { 'accept-encoding': 'br, gzip' },
    })
    assert.equal(icon.statusCode, 200)
    assert.equal(icon.headers['content-encoding'], undefined)
    assert.equal(icon.headers['cache-control'], 'no-cache')
  })

  test('page addresses get index.html; unknown files stay 404', async () => {
    const page = await app.inject({
      url: '/settings',
      headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' },
    })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<title>Todo<\/title>/)
    const missing = await app.inject({ url: '/assets/missing.js' })
    assert.equal(missing.statusCode, 404)
  })
})
