// The container action harness: the runner's path translation, table-driven, then real runs on
// a dockerd of the test's own with the default bridge, in the offline Python image.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  containerPathMappings,
  createJobNetwork,
  runContainerAction,
  translateEnv,
  translateToContainerPath
} from '../../test-support/container-action.js'
import {
  type BridgedDockerd,
  importPythonImage,
  startBridgedDockerd
} from '../../test-support/docker.js'
import { withDockerd } from '../../test-support/gates.js'

const RUNNER_TEMP = '/home/runner/work/_temp'
const WORKSPACE = '/home/runner/work/repo/repo'

describe('translateToContainerPath', () => {
  const mappings = containerPathMappings({ runnerTemp: RUNNER_TEMP, workspace: WORKSPACE })

  it('checks the mappings in the runner order, RUNNER_TEMP last', () => {
    expect(mappings.map(mapping => mapping.containerPath)).toEqual([
      '/github/workspace',
      '/github/file_commands',
      '/github/workflow',
      '/github/home',
      '/github/runner_temp'
    ])
  })

  it.each([
    ['the workspace', WORKSPACE, '/github/workspace'],
    [
      'a file in the workspace',
      `${WORKSPACE}/requirements.txt`,
      '/github/workspace/requirements.txt'
    ],
    ['a workspace sibling', `${WORKSPACE}-2/a`, `${WORKSPACE}-2/a`],
    ['the file commands folder', `${RUNNER_TEMP}/_runner_file_commands`, '/github/file_commands'],
    [
      'a file command',
      `${RUNNER_TEMP}/_runner_file_commands/set_env_1`,
      '/github/file_commands/set_env_1'
    ],
    ['the workflow folder', `${RUNNER_TEMP}/_github_workflow`, '/github/workflow'],
    ['the event file', `${RUNNER_TEMP}/_github_workflow/event.json`, '/github/workflow/event.json'],
    ['the home folder', `${RUNNER_TEMP}/_github_home`, '/github/home'],
    ['a file in home', `${RUNNER_TEMP}/_github_home/.cache/pip`, '/github/home/.cache/pip'],
    [
      'a home sibling with a common prefix',
      `${RUNNER_TEMP}/_github_home2/x`,
      '/github/runner_temp/_github_home2/x'
    ],
    ['RUNNER_TEMP', RUNNER_TEMP, '/github/runner_temp'],
    ['RUNNER_TEMP with a slash', `${RUNNER_TEMP}/`, '/github/runner_temp/'],
    ['a file in RUNNER_TEMP', `${RUNNER_TEMP}/pma/ca.pem`, '/github/runner_temp/pma/ca.pem'],
    ['a RUNNER_TEMP sibling', `${RUNNER_TEMP}2/x`, `${RUNNER_TEMP}2/x`],
    ['a path elsewhere', '/tmp/pma/ca.pem', '/tmp/pma/ca.pem'],
    ['a relative path', '_temp/x', '_temp/x'],
    ['a URL', 'http://127.0.0.1:1234/simple/', 'http://127.0.0.1:1234/simple/'],
    ['a word', 'true', 'true'],
    ['an empty value', '', ''],
    ['a path not at the start', `--cert=${RUNNER_TEMP}/ca.pem`, `--cert=${RUNNER_TEMP}/ca.pem`],
    // The whole value is one path to the runner: only its start is translated.
    [
      'a PATH-like list',
      `${RUNNER_TEMP}/_github_home/bin:${RUNNER_TEMP}/bin`,
      `/github/home/bin:${RUNNER_TEMP}/bin`
    ]
  ])('%s', (_name, value, expected) => {
    expect(translateToContainerPath(value, mappings)).toBe(expected)
  })

  it('lets the first mapping win: a workspace inside RUNNER_TEMP is the workspace', () => {
    const nested = containerPathMappings({
      runnerTemp: RUNNER_TEMP,
      workspace: `${RUNNER_TEMP}/ws`
    })
    expect(translateToContainerPath(`${RUNNER_TEMP}/ws/a`, nested)).toBe('/github/workspace/a')
    expect(translateToContainerPath(`${RUNNER_TEMP}/wsx`, nested)).toBe('/github/runner_temp/wsx')
  })

  it.each([
    ['RUNNER_TEMP', RUNNER_TEMP, RUNNER_TEMP],
    ['a file in RUNNER_TEMP', `${RUNNER_TEMP}/pma/ca.pem`, `${RUNNER_TEMP}/pma/ca.pem`],
    ['a file in home', `${RUNNER_TEMP}/_github_home/x`, '/github/home/x'],
    ['a file command', `${RUNNER_TEMP}/_runner_file_commands/a`, '/github/file_commands/a'],
    ['the workspace', WORKSPACE, '/github/workspace']
  ])('a runner before v2.328 (no RUNNER_TEMP mount): %s', (_name, value, expected) => {
    const old = containerPathMappings({
      runnerTemp: RUNNER_TEMP,
      workspace: WORKSPACE,
      runnerTempMount: false
    })
    expect(translateToContainerPath(value, old)).toBe(expected)
  })

  it('translates every value of an env and leaves unset names out', () => {
    expect(translateEnv({ A: `${RUNNER_TEMP}/a`, B: 'b', C: undefined, D: '' }, mappings)).toEqual({
      A: '/github/runner_temp/a',
      B: 'b',
      D: ''
    })
  })
})

withDockerd.describe('runContainerAction on a bridged dockerd', () => {
  let dockerd: BridgedDockerd | undefined
  let image: string
  let root: string
  let runnerTemp: string
  let workspace: string
  let outside: string
  let server: Server | undefined
  let indexUrl: string

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'container-action-'))
    runnerTemp = path.join(root, '_temp')
    workspace = path.join(root, 'repo')
    outside = await mkdtemp(path.join(tmpdir(), 'container-outside-'))
    await Promise.all([mkdir(runnerTemp), mkdir(workspace)])
    // No skip: a machine where dockerd cannot start fails here, with dockerd's own log.
    dockerd = await startBridgedDockerd({ 'log-level': 'warn' })
    image = await importPythonImage(dockerd)
    const bridgeAddress = dockerd.bridgeAddress
    server = createServer((request, response) => response.end(`ok ${request.url}`))
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject)
      server?.listen(0, bridgeAddress, resolve)
    })
    indexUrl = `http://${bridgeAddress}:${(server.address() as AddressInfo).port}/simple/`
  }, 240_000)

  afterAll(async () => {
    await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)))
    await dockerd?.stop()
    await Promise.all([root, outside].map(dir => dir && rm(dir, { recursive: true, force: true })))
  }, 60_000)

  /** Python in the container reports what it sees as one JSON line. */
  const probe = (body: string) => [
    'python3',
    '-c',
    [
      'import json, os, sys, urllib.request',
      'env = os.environ',
      'def read(p):',
      '    try:',
      '        return open(p).read()',
      '    except OSError as e:',
      '        return type(e).__name__',
      'def get(url):',
      '    try:',
      '        return urllib.request.urlopen(url, timeout=10).read().decode()',
      '    except OSError as e:',
      '        return repr(e)',
      body
    ].join('\n')
  ]

  it('translates the env, mounts the runner folders and reaches the host on the bridge', async () => {
    await mkdir(path.join(runnerTemp, '_github_home', 'x'), { recursive: true })
    await writeFile(path.join(runnerTemp, '_github_home', 'x', 'y.txt'), 'written by the host\n')
    await writeFile(path.join(outside, 'z.txt'), 'outside\n')
    const envFile = path.join(runnerTemp, '_runner_file_commands', 'set_env_1')

    const result = await runContainerAction({
      dockerd: dockerd!,
      image,
      runnerTemp,
      workspace,
      env: {
        MY_FILE: path.join(runnerTemp, '_github_home', 'x', 'y.txt'),
        OUTSIDE: path.join(outside, 'z.txt'),
        PMA_INDEX_URL: indexUrl,
        GITHUB_ENV: envFile,
        HOME: '/root',
        EMPTY: ''
      },
      command: probe(
        [
          "open(env['GITHUB_ENV'], 'a').write('FROM_CONTAINER=1\\n')",
          "open('made-in-container.txt', 'w').write('hi')",
          'print(json.dumps({',
          "  'home': env['HOME'], 'cwd': os.getcwd(), 'myFile': env['MY_FILE'],",
          "  'content': read(env['MY_FILE']), 'outside': env['OUTSIDE'],",
          "  'outsideExists': os.path.exists(env['OUTSIDE']),",
          "  'runnerTemp': env['RUNNER_TEMP'], 'runnerTempIsDir': os.path.isdir(env['RUNNER_TEMP']),",
          "  'index': get(env['PMA_INDEX_URL']), 'empty': env.get('EMPTY'),",
          "  'ci': env.get('CI'), 'actions': env.get('GITHUB_ACTIONS'),",
          "  'dockerSock': os.path.exists('/var/run/docker.sock'),",
          "  'hasPath': 'PATH' in env and env['PATH'].startswith('/usr/local/sbin')",
          '}))'
        ].join('\n')
      )
    })

    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 0,
      stderr: ''
    })
    expect(result.env).toMatchObject({
      HOME: '/github/home',
      MY_FILE: '/github/home/x/y.txt',
      OUTSIDE: path.join(outside, 'z.txt'),
      RUNNER_TEMP: '/github/runner_temp',
      GITHUB_WORKSPACE: '/github/workspace',
      GITHUB_ENV: '/github/file_commands/set_env_1',
      PMA_INDEX_URL: indexUrl
    })
    expect(JSON.parse(result.stdout)).toEqual({
      home: '/github/home',
      cwd: '/github/workspace',
      myFile: '/github/home/x/y.txt',
      content: 'written by the host\n',
      // An untranslated host path is not there in the container.
      outside: path.join(outside, 'z.txt'),
      outsideExists: false,
      runnerTemp: '/github/runner_temp',
      runnerTempIsDir: true,
      index: 'ok /simple/',
      empty: '',
      ci: 'true',
      actions: 'true',
      dockerSock: true,
      // The runner passes no PATH: the image's own applies.
      hasPath: true
    })
    expect(await readFile(envFile, 'utf8')).toBe('FROM_CONTAINER=1\n')
    expect(await readFile(path.join(workspace, 'made-in-container.txt'), 'utf8')).toBe('hi')
  })

  it('runs on a job network like an older runner without /github/runner_temp', async () => {
    await writeFile(path.join(runnerTemp, 'ca.pem'), 'pem\n')
    const network = await createJobNetwork(dockerd!)
    try {
      const result = await runContainerAction({
        dockerd: dockerd!,
        image,
        runnerTemp,
        workspace,
        network: network.name,
        runnerTempMount: false,
        env: { PMA_CA: path.join(runnerTemp, 'ca.pem'), PMA_INDEX_URL: indexUrl, CI: 'yes' },
        command: probe(
          [
            'print(json.dumps({',
            "  'runnerTemp': env['RUNNER_TEMP'], 'ca': read(env['PMA_CA']),",
            "  'mounted': os.path.exists('/github/runner_temp'),",
            "  'home': env['HOME'], 'index': get(env['PMA_INDEX_URL']), 'ci': env['CI'],",
            '}))',
            'sys.exit(7)'
          ].join('\n')
        )
      })

      expect(result.exitCode).toBe(7)
      expect(result.env).toMatchObject({
        RUNNER_TEMP: runnerTemp,
        PMA_CA: path.join(runnerTemp, 'ca.pem'),
        HOME: '/github/home'
      })
      expect(JSON.parse(result.stdout)).toEqual({
        runnerTemp,
        ca: 'FileNotFoundError',
        mounted: false,
        home: '/github/home',
        index: 'ok /simple/',
        ci: 'yes'
      })
    } finally {
      await network.remove()
    }
  })
})
