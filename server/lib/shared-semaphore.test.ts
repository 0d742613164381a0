import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { describe, test } from 'node:test'
import {
  joinSharedSemaphore,
  serveSharedSemaphore,
  type ParentLike,
  type Slots,
  type WorkerLike,
} from './shared-semaphore.js'

// An in-process stand-in for node:cluster: messages cross asynchronously, as over IPC.
function fakeCluster(limit: number) {
  const cluster = new EventEmitter()
  serveSharedSemaphore(cluster, 'test', limit)
  const join = (id: number): { slots: Slots; exit(): void } => {
    const parent = new EventEmitter() as EventEmitter & ParentLike
    const worker: WorkerLike = {
      id,
      send: (message) => setImmediate(() => parent.emit('message', message)),
    }
    parent.send = (message) => setImmediate(() => cluster.emit('message', worker, message))
    return { slots: joinSharedSemaphore(parent, 'test'), exit: () => cluster.emit('exit', worker) }
  }
  return { join }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('shared semaphore', () => {
  test('never runs more jobs at once than the limit, across workers', async () => {
    const { join } = fakeCluster(2)
    const workers = [join(1), join(2), join(3)]
    let running = 0
    let most = 0
    const job = async () => {
      running++
      most = Math.max(most, running)
      await tick()
      running--
    }
    await Promise.all(workers.flatMap(({ slots }) => [1, 2, 3].map(() => slots.run(job))))
    assert.equal(most, 2)
  })

  test('serves waiting workers in arrival order', async () => {
    const { join } = fakeCluster(1)
    const [a, b] = [join(1), join(2)]
    const order: string[] = []
    const run = (slots: Slots, label: string) =>
      slots.run(async () => {
        order.push(label)
        await tick()
      })
    const first = run(a.slots, 'a1')
    await tick()
    await Promise.all([first, run(b.slots, 'b1'), run(a.slots, 'a2')])
    assert.deepEqual(order, ['a1', 'b1', 'a2'])
  })

  test('frees the slots of a worker that dies holding them', async () => {
    const { join } = fakeCluster(1)
    const [doomed, survivor] = [join(1), join(2)]
    void doomed.slots.run(() => new Promise(() => {}))
    await tick()
    const waiting = survivor.slots.run(async () => 'ran')
    await tick()
    doomed.exit()
    assert.equal(await waiting, 'ran')
  })
})
