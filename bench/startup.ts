// Start-up to ready on an existing embedded data directory: what a laptop user waits for.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onCleanup } from './cleanup.js'
import { startService } from './service-process.js'
import { median, round } from './stats.js'

export interface StartupResult {
  /** Creating and migrating a new data directory (not part of the target). */
  firstStartMs: number
  restartsMs: number[]
  medianMs: number
}

export async function measureEmbeddedStartup(options: {
  projectRoot: string
  port: number
  env: Record<string, string>
  restarts: number
}): Promise<StartupResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-embedded-'))
  const removeDir = onCleanup(() => rm(dataDir, { recursive: true, force: true }))
  const start = async () => {
    const service = await startService({
      projectRoot: options.projectRoot,
      port: options.port,
      workers: 0,
      env: { ...options.env, DATA_DIR: dataDir },
    })
    await service.stop()
    return round(service.startupMs, 0)
  }
  try {
    const firstStartMs = await start()
    const restartsMs: number[] = []
    for (let i = 0; i < options.restarts; i++) restartsMs.push(await start())
    return { firstStartMs, restartsMs, medianMs: median(restartsMs) }
  } finally {
    await removeDir()
  }
}
