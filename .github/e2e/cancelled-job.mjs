// Runs the action's main step (dist/main) under a stand-in for the runner's job process, ends
// that process the way a cancelled job's runner does, and fails unless the router the main step
// left running ends within 15 s. Node only, so it runs the same on Linux, macOS and Windows.
// Usage: node .github/e2e/cancelled-job.mjs [mirrors]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const ROUTER_END_MS = 15_000
const main = path.resolve('dist/main/index.js')
const scratch = mkdtempSync(path.join(tmpdir(), 'cancelled-job-'))
const files = Object.fromEntries(
  ['GITHUB_STATE', 'GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'].map(
    name => {
      const file = path.join(scratch, name)
      writeFileSync(file, '')
      return [name, file]
    }
  )
)
const env = {
  ...process.env,
  ...files,
  INPUT_MIRRORS: process.argv[2] ?? 'pypi',
  INPUT_MODE: 'router',
  INPUT_TRANSPARENT: 'true',
  INPUT_CACHE: 'false',
  INPUT_INSTALL: ''
}

// The stand-in job process starts the main step, waits for it, and lives on as a job does.
const job = spawn(
  process.execPath,
  [
    '-e',
    `const step = require('node:child_process').spawn(process.execPath, [${JSON.stringify(main)}], { stdio: 'inherit' })
     step.on('exit', code => { console.log('main step exited with ' + code); setInterval(() => {}, 1000) })`
  ],
  { env, stdio: ['ignore', 'inherit', 'inherit'] }
)

const state = () => readFileSync(files.GITHUB_STATE, 'utf8')
const routerPid = () => {
  const match = /^router<<(\S+)\r?\n([\s\S]*?)\r?\n\1/m.exec(state())
  return match ? JSON.parse(match[2]).pid : undefined
}
const alive = pid => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

let pid
for (let waited = 0; pid === undefined && waited < 120_000; waited += 500) {
  await sleep(500)
  pid = routerPid()
}
if (pid === undefined) {
  console.error('::error::the main step saved no router in its state')
  job.kill('SIGKILL')
  process.exit(1)
}
// Let the main step finish, as it does before the runner cancels a later step.
await sleep(10_000)
if (!alive(pid)) {
  console.error(`::error::the router (pid ${pid}) ended before its job did`)
  job.kill('SIGKILL')
  process.exit(1)
}
console.log(`router pid ${pid} is up; ending its job process ${job.pid}`)
job.kill('SIGKILL')
const endedAt = Date.now()
while (alive(pid) && Date.now() - endedAt < ROUTER_END_MS) await sleep(250)
if (alive(pid)) {
  console.error(`::error::the router (pid ${pid}) outlived its job by ${ROUTER_END_MS / 1000} s`)
  process.kill(pid)
  process.exit(1)
}
console.log(`the router ended ${Date.now() - endedAt} ms after its job`)
