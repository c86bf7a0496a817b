import { describe, expect, it } from '@jest/globals'
import type { InstallResult } from '../../src/install/fallback.js'
import { parseMirror } from '../../src/mirrors/mirror.js'
import type { MirrorAssessment } from '../../src/rank/quality.js'
import {
  formatRanking,
  installFailureMessage,
  renderRouterSummary,
  renderSaveSummary,
  renderSummary
} from '../../src/report/report.js'
import type { RouterStats } from '../../src/router/server.js'
import { markdownTable, textTable } from '../../src/report/tables.js'

const fast = parseMirror('fast=https://u:pw@fast.example/simple')
const dead = parseMirror('dead=http://127.0.0.1:9/simple')
const fresh = { missingVersions: [], stale: false, integrity: 'unchecked' as const }
const ranking: MirrorAssessment[] = [
  {
    mirror: fast,
    ok: true,
    latencyMs: 12,
    samples: 3,
    failures: 0,
    ...fresh,
    throughputBps: 5_000_000,
    predicted: { seconds: 3.4, requestSeconds: 1.4, downloadSeconds: 2, penalty: 1 }
  },
  {
    mirror: dead,
    ok: false,
    latencyMs: null,
    samples: 1,
    failures: 1,
    error: 'connection refused',
    ...fresh
  }
]
const failed: InstallResult = {
  succeeded: false,
  attempts: [
    {
      mirror: fast,
      attemptOnMirror: 1,
      exitCode: 1,
      durationMs: 1500,
      kind: 'mirror',
      line: 'ERROR: THESE PACKAGES DO NOT MATCH THE HASHES'
    },
    {
      mirror: dead,
      attemptOnMirror: 1,
      exitCode: 1,
      durationMs: 800,
      kind: 'ambiguous',
      line: 'No matching distribution found for demo'
    }
  ]
}

describe('renderSummary', () => {
  const markdown = renderSummary({
    ranking,
    explanation: 'fast won: about 3.4 s predicted for this install.',
    probeMs: 1234,
    chosen: fast,
    configured: fast,
    exported: { PIP_INDEX_URL: fast.displayUrl, PIP_TIMEOUT: '10' },
    findings: [
      {
        level: 'warning',
        source: 'requirements.txt:1',
        message: '--index-url x: pip uses this index'
      }
    ],
    install: { command: 'pip install demo', result: failed }
  })

  it('explains the choice and shows the ranking with reasons', () => {
    expect(markdown).toContain('## PyPI mirror: fast')
    expect(markdown).toContain(
      '`https://u:***@fast.example/simple`, of 1 healthy mirror(s) out of 2 probed. fast won: about 3.4 s predicted for this install.'
    )
    expect(markdown).toContain(
      '| 1 | fast | fast.example | ok | 12 ms | 3 | 4.8 MiB/s | fresh | 3.4 s |  |'
    )
    expect(markdown).toContain('### Probe (1.2 s)')
    expect(markdown).toContain(
      '| 2 | dead | 127.0.0.1:9 | failed | - | 0/1 ok | - | - | - | connection refused |'
    )
  })

  it('charts the latencies of healthy mirrors in Mermaid', () => {
    expect(markdown).toMatch(
      /```mermaid\nxychart-beta\n[\s\S]*x-axis \["fast"\]\n {2}y-axis "ms"\n {2}bar \[12\]\n```/
    )
  })

  it('lists the install attempts, the configuration and the existing settings', () => {
    expect(markdown).toContain('`pip install demo` **failed** after 2 attempt(s).')
    expect(markdown).toContain(
      '| 1 | fast | 1 | 1 | mirror | 1.5 s | ERROR: THESE PACKAGES DO NOT MATCH THE HASHES |'
    )
    expect(markdown).toContain('| `PIP_INDEX_URL` | `https://u:***@fast.example/simple` |')
    expect(markdown).toContain(
      '| warning | requirements.txt:1 | --index-url x: pip uses this index |'
    )
  })

  it('says which mirror later steps use after a fallback', () => {
    const text = renderSummary({
      ranking,
      explanation: '',
      probeMs: 1,
      chosen: fast,
      configured: dead,
      exported: {},
      findings: []
    })
    expect(text).toContain('## PyPI mirror: dead')
    expect(text).toContain(
      'The install failed there and succeeded on **dead** (`http://127.0.0.1:9/simple`), which later steps use.'
    )
  })

  it.each([
    ['a probed Docker mirror', ranking, true],
    ['nothing probed (Docker left alone off Linux)', [], false]
  ])('shows the Docker ranking table only when there is one: %s', (_case, dockerRanking, table) => {
    const text = renderSummary({
      ranking,
      explanation: '',
      probeMs: 1,
      chosen: fast,
      configured: fast,
      exported: {},
      findings: [],
      docker: { ranking: dockerRanking, configured: [], outcome: 'left alone' }
    })
    const section = text.slice(text.indexOf('### Docker mirrors'))
    expect(section).toContain('Nothing configured: left alone.')
    expect(section.includes('| # | mirror | host |')).toBe(table)
  })

  it('names the router and the mirror it asks first, and no fallback, in router mode', () => {
    const text = renderSummary({
      ranking,
      explanation: '',
      probeMs: 1,
      chosen: fast,
      configured: parseMirror('router=http://127.0.0.1:4000/simple'),
      throughRouter: true,
      exported: {},
      findings: []
    })
    expect(text).toContain('## PyPI mirrors: the router, fast first')
    expect(text).toContain('local router (`http://127.0.0.1:4000/simple`)')
    expect(text).not.toContain('The install failed there')
  })

  it('never prints a credential', () => {
    expect(markdown).not.toContain('pw@')
  })

  it('says when no mirror passed the probe', () => {
    const text = renderSummary({
      ranking: [ranking[1]],
      explanation: '',
      probeMs: 2000,
      chosen: dead,
      configured: dead,
      exported: {},
      findings: []
    })
    expect(text).toContain('No mirror passed the probe')
    expect(text).not.toContain('mermaid')
    expect(text).toContain('No variables exported')
  })
})

describe('plain-text reports', () => {
  it('formats the ranking for the log', () => {
    expect(formatRanking(ranking).split('\n')).toEqual([
      '#  mirror  host          status  median latency  samples  reason',
      '-  ------  ------------  ------  --------------  -------  ------------------',
      '1  fast    fast.example  ok      12 ms           3',
      '2  dead    127.0.0.1:9   failed  -               0/1 ok   connection refused'
    ])
  })

  it('explains a failed install with every attempt', () => {
    const message = installFailureMessage(failed)
    expect(message.split('\n')[0]).toBe('The install failed on every mirror')
    expect(message).toContain('ambiguous')
    const stopped = installFailureMessage({
      ...failed,
      stoppedBy: { kind: 'permanent', line: 'ResolutionImpossible' }
    })
    expect(stopped.split('\n')[0]).toBe(
      'The install stopped on a permanent failure that another mirror would not fix: ResolutionImpossible'
    )
  })
})

describe('tables', () => {
  it('escapes pipes and line breaks in Markdown cells', () => {
    expect(markdownTable(['a'], [['x|y\nz']])).toBe('| a |\n| --- |\n| x\\|y z |')
  })

  it('pads text columns to the widest cell', () => {
    expect(textTable(['n', 'value'], [['long name', '1']])).toBe(
      'n          value\n---------  -----\nlong name  1'
    )
  })
})

describe('renderRouterSummary', () => {
  const stats: RouterStats = {
    pages: {
      mirrors: {
        near: { requests: 40, failures: 0, notFound: 1, behind: 4 },
        far: { requests: 3, failures: 2, notFound: 0, behind: 0 }
      },
      failovers: 2,
      hedged: 3,
      hedgesWon: 1,
      merged: 12,
      widened: 1,
      conflicts: [
        { filename: 'evil-1.0-py3-none-any.whl', mirrors: ['near', 'far'], kept: 'far' },
        { filename: 'odd-2.0.tar.gz', mirrors: ['near', 'far'] }
      ],
      answerMs: [10, 20, 30, 40, 400]
    },
    files: {
      bytesByMirror: { near: 3 * 2 ** 20, spare: 2 ** 20 },
      storeHits: 4,
      storeBytes: 5 * 2 ** 20,
      resumed: 1,
      hashMismatches: 0,
      failures: 0,
      parallel: 2,
      slowSwitches: 1
    },
    pagesServed: 41,
    pagesFailed: 0,
    metadataFromWheels: 1,
    errors: 2,
    containerRequests: 0,
    order: ['near', 'far', 'spare'],
    ranked: true
  }
  const markdown = renderRouterSummary({ ...stats, restarts: 1 })

  it.each([
    ['a row per mirror, files-only mirrors included', '| spare | 0 | 0 | 0 | 1.0 MiB |'],
    ['page requests and failures', '| far | 3 | 2 | 0 | 0 B |'],
    ['pages found behind another mirror', '| near | 40 | 0 | 4 | 3.0 MiB |'],
    [
      'merged pages',
      '| pages merged from several mirrors (a release one lacks still shows) | 12 |'
    ],
    [
      'widened projects',
      '| projects asked of every mirror (a pinned release or a file was missing, or a retry) | 1 |'
    ],
    ['page answer times', '| page answer time: median, 95th percentile | 30 ms, 328 ms |'],
    [
      'a conflict one serial settled',
      '| `evil-1.0-py3-none-any.whl` | near, far | served from far (the higher serial) |'
    ],
    [
      'a conflict nothing settled',
      '| `odd-2.0.tar.gz` | near, far | served from none: no serial tells which is current |'
    ],
    ['failovers', '| requests that failed over to the next mirror | 2 |'],
    ['hedges and wins', '| hedged requests (won) | 3 (1) |'],
    ['resumed downloads', '| downloads resumed on another mirror | 1 |'],
    ['parallel downloads', '| large files fetched in parallel ranges from several mirrors | 2 |'],
    ['store hits', '| files served from the store | 4 |'],
    ['store bytes', '| bytes served from files an earlier job left in the store | 5.0 MiB |'],
    ['errors', '| requests that ran into an error of the router (see its log) | 2 |'],
    ['restarts', '| router processes that died and were replaced | 1 |'],
    [
      'metadata read from wheels',
      '| core metadata read from the wheel (mirrors lacked the file) | 1 |'
    ]
  ])('shows %s', (_what, row) => {
    expect(markdown).toContain(row)
  })

  it("shows what it did as the job's HTTPS proxy, and no restart count it cannot know", () => {
    const proxied = renderRouterSummary({
      ...stats,
      proxy: { intercepted: 12, tunnelled: 3, refused: 1, failed: 2 }
    })
    expect(proxied).toContain("| TLS connections to PyPI's hosts answered from the mirrors | 12 |")
    expect(proxied).toContain('| tunnels to other hosts, passed through untouched | 3 |')
    expect(proxied).toContain('| tunnels whose host could not be reached | 2 |')
    expect(proxied).toContain(
      '| proxy requests refused (no or wrong password, or a bad target) | 1 |'
    )
    expect(proxied).not.toContain('died and were replaced')
    expect(markdown).not.toContain('tunnels')
  })

  it("names what went to PyPI itself, the JSON API's sources and the documents it built", () => {
    const proxied = renderRouterSummary({
      ...stats,
      containerRequests: 7,
      upstream: { requests: { 'pypi.org': 3, 'files.pythonhosted.org': 1 }, unreachable: 1 },
      jsonApi: { mirrors: 5, pypi: 2, built: { 'tp-alpha': 2 }, refused: 1 }
    })
    expect(proxied).toContain(
      "| requests passed on to PyPI's own hosts (not the mirrors' business) | 3 (pypi.org), 1 (files.pythonhosted.org) |"
    )
    expect(proxied).toContain("| of those, PyPI's host could not be reached | 1 |")
    expect(proxied).toContain("| PyPI's JSON API: from a mirror's copy, from PyPI | 5, 2 |")
    expect(proxied).toContain(
      '| JSON API documents built from simple pages for Poetry (no vulnerability data) | tp-alpha (2) |'
    )
    expect(proxied).toContain(
      '| JSON API requests refused: neither a mirror nor PyPI answered | 1 |'
    )
    expect(proxied).toContain(
      "| requests and tunnels from the job's containers (Docker network) | 7 |"
    )
    expect(markdown).not.toContain('JSON API')
    expect(markdown).not.toContain('containers')
  })

  it('shows the time waited on mirrors, and what was fetched ahead when it was', () => {
    const ahead = renderRouterSummary({
      ...stats,
      networkWaitMs: 4200,
      prefetch: {
        read: ['requirements.txt', 'uv.lock'],
        knownAhead: { 'requirements.txt': 30, 'uv.lock': 2 },
        followed: 3,
        fetched: 33,
        fetchedBytes: 80 * 2 ** 20,
        stored: 1,
        hitsWhole: 25,
        hitsInFlight: 7,
        wastedBytes: 2 ** 20,
        hashMismatches: ['demo-1.0-py3-none-any.whl'],
        noFit: 4,
        overBudget: 0,
        failed: 1
      }
    })
    for (const row of [
      '| time the tools waited on mirrors (overlapping requests once) | 4.2 s |',
      'Read: requirements.txt, uv.lock.',
      '| files known ahead (from) | 30 (requirements.txt), 2 (uv.lock) |',
      '| files chosen from Requires-Dist as the tools resolved | 3 |',
      '| fetched ahead (bytes) | 33 (80.0 MiB) |',
      '| asked for by a tool once fetched | 25 |',
      '| asked for by a tool while still downloading (joined) | 7 |',
      '| fetched ahead and never asked for (wasted) | 1.0 MiB |',
      '| no file for this Python (other platforms only) | 4 |',
      '| not fetched: the index has another sha256 than the lock or hashes | demo-1.0-py3-none-any.whl |'
    ])
      expect(ahead).toContain(row)
    expect(markdown).not.toContain('Fetched ahead')
  })
})

describe('renderSaveSummary', () => {
  it("gives the archive's size, and in router mode what the store kept and dropped", () => {
    const markdown = renderSaveSummary({
      key: 'k',
      saved: true,
      sizeBytes: 42 * 2 ** 20,
      ms: 1500,
      store: { kept: 40, keptBytes: 41 * 2 ** 20, dropped: 3, droppedBytes: 2 ** 20 }
    })
    expect(markdown).toContain('| size | 42.0 MiB |')
    expect(markdown).toContain('| router store: files this job used, kept | 40 (41.0 MiB) |')
    expect(markdown).toContain('| router store: files no longer used, dropped | 3 (1.0 MiB) |')
    expect(markdown).toContain("| pip's cache | wheels built from source only")
  })

  it('says why nothing was saved, and nothing of a store it did not look at', () => {
    const markdown = renderSaveSummary({ key: 'k', saved: false, reason: 'the install failed' })
    expect(markdown).toContain('| result | not saved: the install failed |')
    expect(markdown).not.toContain('store')
  })
})
