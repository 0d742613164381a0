// The machine a result came from: figures mean little without it.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, release, totalmem } from 'node:os'
import pg from 'pg'
import { createRequire } from 'node:module'

export interface Machine {
  cpu: string
  cores: number
  memoryGb: number
  os: string
  node: string
  postgres: string
  postgresSettings: Record<string, string>
  pgbench: string
  autocannon: string
}

const firstMatch = (text: string, pattern: RegExp) => pattern.exec(text)?.[1]?.trim() ?? 'unknown'
const readOr = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

export async function describeMachine(serverUrl: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  let postgres = 'unknown'
  const postgresSettings: Record<string, string> = {}
  try {
    postgres = (await client.query<{ v: string }>('select version() as v')).rows[0]!.v
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings
       where name in ('shared_buffers', 'max_connections', 'synchronous_commit', 'work_mem')`,
    )
    for (const row of rows)
      postgresSettings[row.name] = `${row.setting}${row.unit ? ` ${row.unit}` : ''}`
  } finally {
    await client.end()
  }
  let pgbench = 'not found'
  try {
    pgbench = execFileSync(process.env.PGBENCH ?? 'pgbench', ['--version'], {
      encoding: 'utf8',
    }).trim()
  } catch {
    // Reported as missing.
  }
  const require = createRequire(import.meta.url)
  return {
    cpu: firstMatch(readOr('/proc/cpuinfo'), /^model name\s*:\s*(.+)$/m),
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${firstMatch(readOr('/etc/os-release'), /^PRETTY_NAME="?([^"\n]+)"?$/m)}, Linux ${release()}`,
    node: process.version,
    postgres: postgres.split(' on ')[0]!,
    postgresSettings,
    pgbench,
    autocannon: (require('autocannon/package.json') as { version: string }).version,
  }
}
