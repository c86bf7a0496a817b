// `npm run bundle`: the four entries (main, post, cli, router) built by ncc at the same time,
// each into dist/<entry>; fails when any build fails. One after another they take over a minute.
// Each folder gets a licenses.txt of every package the action may bundle.
import { spawn } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

const ENTRIES = ['main', 'post', 'cli', 'router']

function build(entry) {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['ncc', 'build', `src/${entry}.ts`, '-o', `dist/${entry}`], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
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

/**
 * The license of every production dependency (package-lock.json's packages that are neither dev
 * nor optional), as ncc's `--license` would write them: name, license, text. ncc's own file holds
 * one chunk's packages only, the last one written, once a bundle has lazily loaded chunks; this
 * one is a superset of what any chunk holds.
 */
async function licenses() {
  const lock = JSON.parse(await readFile('package-lock.json', 'utf8'))
  const entries = Object.entries(lock.packages)
    .filter(([where, pkg]) => where.startsWith('node_modules/') && !pkg.dev && !pkg.optional)
    .map(([where, pkg]) => ({
      where,
      name: where.slice(where.lastIndexOf('node_modules/') + 13),
      pkg
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.where.localeCompare(b.where))
  const seen = new Set()
  const texts = []
  for (const { where, name, pkg } of entries) {
    if (seen.has(name)) continue
    seen.add(name)
    const files = await readdir(where)
    const file = files.find(candidate => /^(licen[cs]e|copying)(\.|$)/i.test(candidate))
    const text = file ? (await readFile(path.join(where, file), 'utf8')).trim() : ''
    texts.push(`${name}\n${pkg.license ?? 'UNKNOWN'}\n${text}`)
  }
  return `${texts.join('\n\n')}\n`
}

const text = await licenses()
await Promise.all(ENTRIES.map(entry => writeFile(`dist/${entry}/licenses.txt`, text)))
