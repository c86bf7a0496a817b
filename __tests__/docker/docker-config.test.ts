import { describe, expect, it } from '@jest/globals'
import {
  configuredMirrors,
  DaemonConfigError,
  daemonConfigFile,
  mergeDaemonConfig,
  parseBearerChallenge,
  privilegedReplaceCommands,
  renderBuildkitdToml,
  sameMirrors
} from '../../src/docker/docker-config.js'
import { parseDockerMirrorList, parseImageReference } from '../../src/docker/docker-inputs.js'

describe('parseDockerMirrorList', () => {
  it('reads URLs by line and comma, without duplicates', () => {
    const mirrors = parseDockerMirrorList(
      'https://mirror.gcr.io/\nhttp://127.0.0.1:5000, https://mirror.gcr.io'
    )
    expect(mirrors.map(mirror => [mirror.url, mirror.host, mirror.secure])).toEqual([
      ['https://mirror.gcr.io', 'mirror.gcr.io', true],
      ['http://127.0.0.1:5000', '127.0.0.1:5000', false]
    ])
    expect(parseDockerMirrorList('')).toEqual([])
  })

  it.each([
    [
      'mirror.gcr.io',
      "'mirror.gcr.io' is not a URL: write it with its scheme, e.g. https://mirror.gcr.io"
    ],
    ['https://user:pw@mirror.example', "'https://user:***@mirror.example' has credentials"],
    ['https://mirror.example/?x=1', 'has a query or fragment'],
    ['ftp://mirror.example', "uses the scheme 'ftp'"]
  ])('rejects %s', (text, message) => {
    expect(() => parseDockerMirrorList(text)).toThrow(message)
  })
})

describe('parseImageReference', () => {
  it.each([
    ['busybox', 'library/busybox', 'latest'],
    ['library/busybox:latest', 'library/busybox', 'latest'],
    ['bitnami/redis:7.2', 'bitnami/redis', '7.2'],
    [`alpine@sha256:${'a'.repeat(64)}`, 'library/alpine', `sha256:${'a'.repeat(64)}`]
  ])('%s', (text, repository, reference) => {
    expect(parseImageReference(text)).toEqual({ repository, reference })
  })

  it.each([
    ['ghcr.io/org/image:1', 'names another registry'],
    ['Busybox', 'is not a Docker Hub image reference'],
    ['busybox:', 'is not a Docker Hub image reference']
  ])('rejects %s', (text, message) => expect(() => parseImageReference(text)).toThrow(message))
})

describe('mergeDaemonConfig', () => {
  const file = '/etc/docker/daemon.json'

  it('keeps every other key and replaces registry-mirrors', () => {
    const original =
      '{"log-driver": "json-file", "registry-mirrors": ["https://old.example"], "features": {"buildkit": true}}'
    expect(
      JSON.parse(mergeDaemonConfig(file, original, ['https://a.example', 'http://127.0.0.1:5000']))
    ).toEqual({
      'log-driver': 'json-file',
      'registry-mirrors': ['https://a.example', 'http://127.0.0.1:5000'],
      features: { buildkit: true }
    })
  })

  it.each([undefined, '', '  \n'])('treats %j as an empty config', original => {
    expect(mergeDaemonConfig(file, original, ['https://a.example'])).toBe(
      '{\n  "registry-mirrors": [\n    "https://a.example"\n  ]\n}\n'
    )
  })

  it('writes an empty list rather than dropping the key, which would keep old mirrors', () => {
    expect(JSON.parse(mergeDaemonConfig(file, '{"registry-mirrors": ["x"]}', []))).toEqual({
      'registry-mirrors': []
    })
  })

  it.each([
    [
      '{"debug": true,',
      /^Docker daemon config \/etc\/docker\/daemon.json cannot be updated: it is not valid JSON \(.+\)\. The file was left unchanged\.$/
    ],
    ['["registry-mirrors"]', /it holds JSON that is not an object/],
    ['null', /it holds JSON that is not an object/]
  ])('refuses %j, naming the file and the problem', (original, message) => {
    const merge = (): string => mergeDaemonConfig(file, original, ['https://a.example'])
    expect(merge).toThrow(DaemonConfigError)
    expect(merge).toThrow(message)
  })
})

describe('configuredMirrors and sameMirrors', () => {
  it('reads the mirrors of a config, forgiving a bad one', () => {
    expect(configuredMirrors('{"registry-mirrors": ["https://a.example"]}')).toEqual([
      'https://a.example'
    ])
    expect(configuredMirrors(undefined)).toEqual([])
    expect(configuredMirrors('{oops')).toEqual([])
  })

  it('compares as Docker reports them, with a trailing slash', () => {
    expect(
      sameMirrors(['https://a.example/', 'http://b:5000/'], ['https://a.example', 'http://b:5000'])
    ).toBe(true)
    expect(
      sameMirrors(['http://b:5000/', 'https://a.example/'], ['https://a.example', 'http://b:5000'])
    ).toBe(false)
    expect(sameMirrors([], [])).toBe(true)
  })
})

describe('renderBuildkitdToml', () => {
  it('lists mirror hosts for docker.io and marks plain-http ones', () => {
    const toml = renderBuildkitdToml(
      parseDockerMirrorList('https://mirror.gcr.io\nhttp://127.0.0.1:5000')
    )
    expect(toml).toBe(
      [
        '[registry."docker.io"]',
        '  mirrors = ["mirror.gcr.io", "127.0.0.1:5000"]',
        '',
        '[registry."127.0.0.1:5000"]',
        '  http = true',
        ''
      ].join('\n')
    )
  })

  it('keeps a path prefix', () => {
    expect(
      renderBuildkitdToml(parseDockerMirrorList('https://proxy.example/dockerhub/'))
    ).toContain('mirrors = ["proxy.example/dockerhub"]')
  })
})

describe('parseBearerChallenge', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
      { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: undefined }
    ],
    [
      'bearer realm=http://127.0.0.1:9/t, scope="repository:library/busybox:pull"',
      {
        realm: 'http://127.0.0.1:9/t',
        service: undefined,
        scope: 'repository:library/busybox:pull'
      }
    ],
    ['Basic realm="registry"', undefined],
    ['', undefined]
  ])('%s', (header, expected) => expect(parseBearerChallenge(header)).toEqual(expected))
})

describe('privilegedReplaceCommands', () => {
  it('copies beside the target, then renames over it', () => {
    expect(privilegedReplaceCommands('/etc/docker/daemon.json', '/tmp/stage/daemon.json')).toEqual([
      ['sudo', '-n', 'mkdir', '-p', '/etc/docker'],
      [
        'sudo',
        '-n',
        'cp',
        '/tmp/stage/daemon.json',
        '/etc/docker/daemon.json.pip-mirror-action.tmp'
      ],
      [
        'sudo',
        '-n',
        'mv',
        '-f',
        '/etc/docker/daemon.json.pip-mirror-action.tmp',
        '/etc/docker/daemon.json'
      ]
    ])
  })

  it('removes a file that did not exist before', () => {
    expect(privilegedReplaceCommands('/etc/docker/daemon.json', undefined)).toEqual([
      ['sudo', '-n', 'rm', '-f', '/etc/docker/daemon.json']
    ])
  })
})

describe('daemonConfigFile', () => {
  it.each([
    [['/usr/bin/dockerd', '-H', 'fd://'], '/etc/docker/daemon.json'],
    [['dockerd', '--config-file', '/tmp/d.json'], '/tmp/d.json'],
    [['dockerd', '--config-file=/tmp/e.json', '--debug'], '/tmp/e.json']
  ])('%j', (argv, file) => expect(daemonConfigFile(argv)).toBe(file))
})
