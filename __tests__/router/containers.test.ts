import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import type { RouterStats } from '../../src/router/router-service.js'
import { parseFileCommand, runStep, type StepResult } from '../../test-support/action-runner.js'
import { createJobNetwork, runContainerAction } from '../../test-support/container-action.js'
import {
  type BridgedDockerd,
  importPythonImage,
  startBridgedDockerd
} from '../../test-support/docker.js'
import { type Mirror, startMirror } from '../../test-support/mirror-server.js'
import { type PypiUpstream, startPypiUpstream } from '../../test-support/pypi-upstream.js'
import { isolatedToolEnv } from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'
import { withDockerd } from '../../test-support/gates.js'

/**
 * The job's containers, with the default inputs and a real dockerd whose default bridge and
 * iptables are up: a container action started the way the runner starts one (the job's
 * variables passed as they are, paths under the runner's folders translated), and `docker build`
 * with the `docker-build-args` output, classic and BuildKit. Their pip installs from the mirrors
 * through the router; their HTTPS to other sites passes through untouched.
 */

const run = promisify(execFile)
const wheel = buildWheel({ name: 'box-pkg', version: '1.0' })
/** A site other than PyPI, reached through the job's own proxy (the stand-in's). */
const OTHER_SITE = 'other-site.test'

let dockerd: BridgedDockerd
let image: string
let mirror: Mirror
let upstream: PypiUpstream
let scratch: string
let runnerTemp: string
let workspace: string
let stepEnv: NodeJS.ProcessEnv
let main: StepResult

withDockerd.beforeAll(async () => {
  ;[dockerd, mirror, upstream] = await Promise.all([
    startBridgedDockerd({ 'log-level': 'warn' }),
    startMirror({ packages: [wheel], pypiLayout: true }),
    startPypiUpstream({ otherHosts: [OTHER_SITE] })
  ])
  image = await importPythonImage(dockerd)
  scratch = await mkdtemp(path.join(tmpdir(), 'containers-'))
  runnerTemp = path.join(scratch, '_temp')
  workspace = path.join(scratch, 'workspace')
  await Promise.all([mkdir(runnerTemp), mkdir(workspace)])
  // The runner's environment: a company proxy with its own root (the stand-in), and Docker.
  stepEnv = {
    ...isolatedToolEnv(),
    ...upstream.env,
    ...dockerd.env,
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: workspace,
    XDG_CACHE_HOME: path.join(scratch, 'cache')
  }
  main = await runStep('main', {
    cwd: workspace,
    env: stepEnv,
    inputs: { mirrors: `m=${mirror.indexUrl}`, 'probe-project': 'box-pkg', cache: 'false' }
  })
}, 240_000)

withDockerd.afterAll(async () => {
  const pid = main?.state.router && (JSON.parse(main.state.router) as { pid: number }).pid
  if (pid) process.kill(pid, 'SIGTERM')
  await Promise.all([dockerd?.stop(), mirror?.close(), upstream?.close()])
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

/** What later steps of the job see: the runner's variables and what the action exported. */
const jobEnv = (): NodeJS.ProcessEnv => ({ ...stepEnv, ...main.env })

/** Wheel bytes the router sent on from mirrors, plus files it served from its store. */
const filesServed = (stats: RouterStats): number =>
  Object.values(stats.files.bytesByMirror).reduce((sum, bytes) => sum + bytes, 0) +
  stats.files.storeHits

async function routerStats(): Promise<RouterStats> {
  const { statsUrl } = JSON.parse(main.state.router) as { statsUrl: string }
  return (await (await fetch(statsUrl)).json()) as RouterStats
}

/** pip in a fresh venv in the container, from its default index, then HTTPS to another site. */
const CONTAINER_SCRIPT = [
  'set -e',
  'python3 -m venv /tmp/venv',
  '/tmp/venv/bin/pip install --no-cache-dir --disable-pip-version-check box-pkg',
  '/tmp/venv/bin/python -c "import box_pkg"',
  `python3 -c "import urllib.request; print('other site:', urllib.request.urlopen('https://${OTHER_SITE}/hello').status)"`
].join('\n')

withDockerd.describe("the job's containers", () => {
  it('get a proxy they reach, with the job password, and a CA bundle under the home the runner mounts', () => {
    expect(main.exitCode).toBe(0)
    const proxy = new URL(main.env.HTTPS_PROXY)
    expect(proxy.hostname).toBe(dockerd.bridgeAddress)
    expect(proxy.username).toBe('pip-mirror-action')
    expect(proxy.password).toMatch(/^[\w-]{32}$/)
    expect(main.env.SSL_CERT_FILE.startsWith(path.join(runnerTemp, '_github_home') + '/')).toBe(
      true
    )
    const buildArgs = main.outputs['docker-build-args'].split('\n')
    expect(buildArgs).toEqual([
      expect.stringMatching(
        new RegExp(
          `^PIP_INDEX_URL=http://${dockerd.bridgeAddress.replace(/\./g, '\\.')}:\\d+/[\\w-]{32}/simple$`
        )
      ),
      `PIP_TRUSTED_HOST=${proxy.host}`,
      expect.stringMatching(/^UV_DEFAULT_INDEX=http:/),
      `UV_INSECURE_HOST=${proxy.host}`
    ])
    // The secret of this job alone: never the one the router keeps across jobs on loopback.
    expect(buildArgs[0]).toContain(proxy.password)
  })

  it.each<[string, { network?: boolean; runnerTempMount?: boolean }]>([
    ['on the default bridge, as the runner runs a container action without job containers', {}],
    [
      "on the job's network (container jobs and services), by an older runner that mounts no RUNNER_TEMP",
      { network: true, runnerTempMount: false }
    ]
  ])(
    'a container action %s: pip installs from the mirrors, HTTPS elsewhere works',
    async (_how, how) => {
      const network = how.network ? await createJobNetwork(dockerd) : undefined
      const before = await routerStats()
      const seen = upstream.requests.length
      try {
        const result = await runContainerAction({
          dockerd,
          image,
          command: ['bash', '-c', CONTAINER_SCRIPT],
          env: jobEnv(),
          runnerTemp,
          workspace,
          ...(network ? { network: network.name } : {}),
          ...(how.runnerTempMount === false ? { runnerTempMount: false } : {})
        })
        expect({ exitCode: result.exitCode, output: result.stdout + result.stderr }).toMatchObject({
          exitCode: 0,
          output: expect.stringContaining('other site: 200')
        })
        expect(result.stdout).toMatch(/Successfully installed box-pkg-1\.0/)
        expect(result.env.SSL_CERT_FILE).toMatch(/^\/github\/home\//)
      } finally {
        await network?.remove()
      }
      // The wheel came through the router, for the container: from the mirror, or the store.
      const after = await routerStats()
      expect(after.containerRequests).toBeGreaterThan(before.containerRequests)
      expect(filesServed(after)).toBeGreaterThan(filesServed(before))
      // The other site's request went through the tunnel, and the job's own proxy, untouched.
      expect(upstream.requests.slice(seen).map(request => request.host)).toContain(OTHER_SITE)
    },
    240_000
  )
})

withDockerd.describe('docker run in a run step', () => {
  it('gets the mirrors through --env-file with the docker-build-args lines', async () => {
    const envFile = path.join(scratch, 'pip.env')
    await writeFile(envFile, `${main.outputs['docker-build-args']}\n`)
    const before = (await routerStats()).containerRequests
    const { stdout } = await run(
      'docker',
      [
        'run',
        '--rm',
        '--env-file',
        envFile,
        image,
        'bash',
        '-c',
        'python3 -m venv /tmp/venv && /tmp/venv/bin/pip install --no-cache-dir --disable-pip-version-check box-pkg'
      ],
      { env: { ...process.env, ...dockerd.env }, timeout: 120_000 }
    )
    expect(stdout).toMatch(/Successfully installed box-pkg-1\.0/)
    expect((await routerStats()).containerRequests).toBeGreaterThan(before)
  }, 240_000)
})

withDockerd.describe('docker build with the docker-build-args output', () => {
  const DOCKERFILE = (from: string) =>
    [
      `FROM ${from}`,
      'ARG PIP_INDEX_URL',
      'ARG PIP_TRUSTED_HOST',
      'ARG UV_DEFAULT_INDEX',
      'ARG UV_INSECURE_HOST',
      'RUN python3 -m venv /venv && /venv/bin/pip install --no-cache-dir --disable-pip-version-check box-pkg',
      ''
    ].join('\n')

  async function build(docker: string, extraEnv: NodeJS.ProcessEnv): Promise<string> {
    const context = await mkdtemp(path.join(scratch, 'build-'))
    await writeFile(path.join(context, 'Dockerfile'), DOCKERFILE(image))
    const buildArgs = main.outputs['docker-build-args']
      .split('\n')
      .flatMap(line => ['--build-arg', line])
    const before = (await routerStats()).containerRequests
    const { stdout, stderr } = await run(
      docker,
      ['build', '--no-cache', ...buildArgs, '-t', `pma-build-${Date.now()}`, context],
      { env: { ...process.env, ...dockerd.env, ...extraEnv }, timeout: 180_000 }
    )
    expect((await routerStats()).containerRequests).toBeGreaterThan(before)
    return stdout + stderr
  }

  it('classic builder: RUN installs from the mirrors through the router', async () => {
    const output = await build('docker', { DOCKER_BUILDKIT: '0' })
    expect(output).toMatch(/Successfully installed box-pkg-1\.0/)
  }, 240_000)

  // BuildKit in the docker driver needs a docker CLI that has it: Debian's docker.io 20.10 CLI
  // builds with the daemon's BuildKit itself; later CLIs need the buildx component.
  it('BuildKit (docker driver): RUN installs from the mirrors through the router', async () => {
    const docker = '/usr/bin/docker'
    const version = await run(docker, ['--version']).then(
      ({ stdout }) => stdout,
      () => ''
    )
    if (!/version 20\./.test(version)) {
      throw new Error(
        `BuildKit not tested here: ${docker} is not the docker 20.10 CLI that builds with the daemon's BuildKit (${version.trim() || 'missing'}), and the buildx component is not installed`
      )
    }
    const output = await build(docker, { DOCKER_BUILDKIT: '1' })
    expect(output).toMatch(/Successfully installed box-pkg-1\.0/)
  }, 240_000)

  it("the post step's summary counts the containers' requests", async () => {
    const post = await runStep('post', { env: stepEnv, state: main.state })
    expect(post.exitCode).toBe(0)
    expect(post.summary).toMatch(
      /\| requests and tunnels from the job's containers \(Docker network\) \| [1-9]\d* \|/
    )
  })
})

/**
 * A `container:` job: the runner starts the job's container on the job's network, with
 * `$RUNNER_TEMP` at `/__w/_temp`, its `_github_home` at `/github/home` (HOME), and its own Node;
 * every step, the action's among them, runs in it with `docker exec`. Container actions then
 * start beside it, on the same network.
 */
withDockerd.describe('a container: job', () => {
  let network: Awaited<ReturnType<typeof createJobNetwork>>
  let jobContainer: string
  let jobTemp: string
  let jobWorkspace: string
  let reachable: Mirror
  let exported: Record<string, string>

  const dockerCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run('docker', ['-H', dockerd.env.DOCKER_HOST, ...args], {
      env: { ...process.env, ...env },
      timeout: 120_000
    })

  beforeAll(async () => {
    network = await createJobNetwork(dockerd)
    // The mirror where the job's container reaches this machine.
    reachable = await startMirror({
      packages: [wheel],
      pypiLayout: true,
      host: dockerd.bridgeAddress
    })
    jobTemp = path.join(scratch, 'job-temp')
    jobWorkspace = path.join(scratch, 'job-workspace')
    const commands = path.join(jobTemp, '_runner_file_commands')
    await Promise.all(
      [
        path.join(jobTemp, '_github_home'),
        commands,
        path.join(jobTemp, '_github_workflow'),
        jobWorkspace
      ].map(dir => mkdir(dir, { recursive: true }))
    )
    const files = ['env', 'output', 'state', 'summary']
    await Promise.all(files.map(file => writeFile(path.join(commands, file), '')))
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')
    const { stdout } = await dockerCli([
      'run',
      '-d',
      '--network',
      network.name,
      '-v',
      `${jobTemp}:/__w/_temp`,
      '-v',
      `${path.join(jobTemp, '_github_home')}:/github/home`,
      '-v',
      `${jobWorkspace}:/__w/repo/repo`,
      '-v',
      `${path.join(root, 'dist')}:/__w/_actions/pip-mirror-action/dist:ro`,
      '-v',
      `${process.execPath}:/__e/node20/bin/node:ro`,
      '-e',
      'HOME=/github/home',
      image,
      'tail',
      '-f',
      '/dev/null'
    ])
    jobContainer = stdout.trim()
    const inputs: Record<string, string> = {
      INPUT_MIRRORS: `m=${reachable.indexUrl}`,
      'INPUT_PROBE-PROJECT': 'box-pkg',
      INPUT_CACHE: 'false'
    }
    const env: Record<string, string> = {
      ...inputs,
      HOME: '/github/home',
      RUNNER_TEMP: '/__w/_temp',
      GITHUB_WORKSPACE: '/__w/repo/repo',
      GITHUB_ENV: '/__w/_temp/_runner_file_commands/env',
      GITHUB_OUTPUT: '/__w/_temp/_runner_file_commands/output',
      GITHUB_STATE: '/__w/_temp/_runner_file_commands/state',
      GITHUB_STEP_SUMMARY: '/__w/_temp/_runner_file_commands/summary',
      PIP_CONFIG_FILE: '/dev/null'
    }
    const main = await dockerCli(
      [
        'exec',
        '--workdir',
        '/__w/repo/repo',
        ...Object.keys(env).flatMap(name => ['-e', name]),
        jobContainer,
        '/__e/node20/bin/node',
        '/__w/_actions/pip-mirror-action/dist/main/index.js'
      ],
      env
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(
        `the main step failed in the job container:\n${error.stdout}\n${error.stderr}`
      )
    })
    expect(main.stdout).not.toContain('::error::')
    exported = parseFileCommand(await readFile(path.join(commands, 'env'), 'utf8'))
  }, 240_000)

  afterAll(async () => {
    if (jobContainer) await dockerCli(['rm', '-f', jobContainer]).catch(() => undefined)
    await network?.remove().catch(() => undefined)
    await reachable?.close()
  })

  it("serves the job's own steps and the container actions beside it", async () => {
    const proxy = new URL(exported.HTTPS_PROXY)
    // The job container's own address on the job's network, not loopback.
    expect(proxy.hostname).not.toBe('127.0.0.1')
    expect(exported.SSL_CERT_FILE).toMatch(
      /^\/github\/home\/pip-mirror-action-\w+\/ca-bundle\.pem$/
    )
    const install =
      'python3 -m venv /tmp/venv && /tmp/venv/bin/pip install --no-cache-dir --disable-pip-version-check box-pkg'
    // A later `run` step, in the job container.
    const step = await dockerCli(
      [
        'exec',
        ...Object.keys(exported).flatMap(name => ['-e', name]),
        jobContainer,
        'bash',
        '-c',
        install
      ],
      exported
    )
    expect(step.stdout).toMatch(/Successfully installed box-pkg-1\.0/)
    // A container action, started on the job's network with the job's variables.
    const action = await runContainerAction({
      dockerd,
      image,
      command: ['bash', '-c', install],
      env: exported,
      runnerTemp: jobTemp,
      workspace: jobWorkspace,
      network: network.name
    })
    expect({ exitCode: action.exitCode, output: action.stdout + action.stderr }).toMatchObject({
      exitCode: 0,
      output: expect.stringMatching(/Successfully installed box-pkg-1\.0/)
    })
  }, 240_000)
})
