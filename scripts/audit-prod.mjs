// npm run audit:prod: fails when a production dependency has a high or critical advisory.
// When the registry's advisory service cannot be reached (some mirrors and sandboxed networks
// allow package downloads only), it says so plainly and does not pretend the check passed.
import { spawnSync } from 'node:child_process'

const result = spawnSync('npm', ['audit', '--omit=dev', '--json', '--audit=true'], {
  encoding: 'utf8',
})
let report
try {
  report = JSON.parse(result.stdout)
} catch {
  console.error(`npm audit produced no report:\n${result.stderr}`)
  process.exit(1)
}

if (report.statusCode || report.error) {
  console.warn(
    `SKIPPED: the advisory service is unreachable from this network (${report.message ?? 'no answer'}).\n` +
      'Run `npm run audit:prod` where registry.npmjs.org/-/npm/v1/security is reachable.',
  )
  process.exit(0)
}

const counts = report.metadata?.vulnerabilities ?? {}
const serious = (counts.high ?? 0) + (counts.critical ?? 0)
console.log(`Production dependencies: ${JSON.stringify(counts)}`)
if (serious > 0) {
  for (const [name, finding] of Object.entries(report.vulnerabilities ?? {})) {
    if (['high', 'critical'].includes(finding.severity))
      console.error(`${finding.severity}: ${name}`)
  }
  process.exit(1)
}
