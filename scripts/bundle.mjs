// `npm run bundle`: the four entries (main, post, cli, router) built by ncc at the same time,
// each into dist/<entry>; fails when any build fails. One after another they take over a minute.
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'

const ENTRIES = ['main', 'post', 'cli', 'router']

function build(entry) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npx',
      ['ncc', 'build', `src/${entry}.ts`, '-o', `dist/${entry}`, '--license', 'licenses.txt'],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let output = ''
    child.stdout.on('data', chunk => (output += chunk))
    child.on('error', reject)
    child.on('close', code => {
      process.stdout.write(output)
      if (code === 0) resolve()
      else reject(new Error(`ncc build of src/${entry}.ts exited with ${code}`))
    })
  })
}

await Promise.all(ENTRIES.map(entry => rm(`dist/${entry}`, { recursive: true, force: true })))
await Promise.all(ENTRIES.map(build))
