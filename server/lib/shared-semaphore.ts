// A semaphore for the whole cluster: the primary holds the count, workers ask it for a slot over
// the cluster's IPC channel. Used for bcrypt, whose limit is about the machine's cores, not one
// process: two workers with one slot each would hash on both cores of a two-core host.
import { Semaphore } from './semaphore.js'

export interface Slots {
  run<T>(job: () => Promise<T>): Promise<T>
}

interface SlotMessage {
  type: 'slot:acquire' | 'slot:grant' | 'slot:release'
  name: string
  id: number
}

const isSlotMessage = (message: unknown, name: string): message is SlotMessage =>
  typeof message === 'object' &&
  message !== null &&
  (message as SlotMessage).name === name &&
  typeof (message as SlotMessage).id === 'number'

/** What the primary needs of node:cluster (an interface, so tests can drive it). */
export interface ClusterLike {
  on(event: 'message', listener: (worker: WorkerLike, message: unknown) => void): unknown
  on(event: 'exit', listener: (worker: WorkerLike) => void): unknown
}
export interface WorkerLike {
  id: number
  send(message: SlotMessage): unknown
}

/** In the primary: serves `limit` slots named `name` to every worker, first come, first served. */
export function serveSharedSemaphore(cluster: ClusterLike, name: string, limit: number): void {
  let active = 0
  const waiting: Array<{ worker: WorkerLike; id: number }> = []
  const held = new Map<number, Set<number>>()

  const grant = (worker: WorkerLike, id: number) => {
    let slots = held.get(worker.id)
    if (!slots) held.set(worker.id, (slots = new Set()))
    slots.add(id)
    worker.send({ type: 'slot:grant', name, id })
  }
  const release = () => {
    const next = waiting.shift()
    // The slot passes straight to the next waiter, as in Semaphore.
    if (next) grant(next.worker, next.id)
    else active--
  }

  cluster.on('message', (worker, message) => {
    if (!isSlotMessage(message, name)) return
    if (message.type === 'slot:acquire') {
      if (active < limit) {
        active++
        grant(worker, message.id)
      } else {
        waiting.push({ worker, id: message.id })
      }
    } else if (message.type === 'slot:release' && held.get(worker.id)?.delete(message.id)) {
      release()
    }
  })
  // A worker that dies holding slots must not take them with it.
  cluster.on('exit', (worker) => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (waiting[i]!.worker.id === worker.id) waiting.splice(i, 1)
    }
    const slots = held.get(worker.id)
    held.delete(worker.id)
    for (let i = 0; i < (slots?.size ?? 0); i++) release()
  })
}

/** What a worker needs of its process: the IPC channel to the primary. */
export interface ParentLike {
  send?(message: SlotMessage): unknown
  on(event: 'message', listener: (message: unknown) => void): unknown
}

/** In a worker: slots from the primary's semaphore of the same name. */
export function joinSharedSemaphore(parent: ParentLike, name: string): Slots {
  let nextId = 0
  const granted = new Map<number, () => void>()
  parent.on('message', (message) => {
    if (isSlotMessage(message, name) && message.type === 'slot:grant') {
      granted.get(message.id)?.()
      granted.delete(message.id)
    }
  })
  const send = (type: SlotMessage['type'], id: number) => {
    if (!parent.send) throw new Error('not a cluster worker: no IPC channel to the primary')
    parent.send({ type, name, id })
  }
  return {
    async run(job) {
      const id = nextId++
      await new Promise<void>((resolve) => {
        granted.set(id, resolve)
        send('slot:acquire', id)
      })
      try {
        return await job()
      } finally {
        send('slot:release', id)
      }
    },
  }
}

/** This process's own semaphore, for a single-process service. */
export const localSlots = (limit: number): Slots => new Semaphore(limit)
