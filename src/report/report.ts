import type { CacheReport, SaveReport } from '../cache/cache.js'
import type { Finding } from '../configure/existing-settings.js'
import type { DockerReport } from '../docker/docker.js'
import type { Attempt, InstallResult } from '../install/fallback.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { MirrorAssessment } from '../rank/quality.js'
import type { RankedMirror } from '../rank/ranking.js'
import type { PrefetchStats } from '../router/prefetcher.js'
import type { HashConflict } from '../router/page-merge.js'
import type { PassThroughStats } from '../proxy/pass-through.js'
import type { JsonApiStats } from '../router/router-service.js'
import type { RouterStats } from '../router/server.js'
import { formatBytes, formatSeconds, noHealthyMirrorMessage } from '../format/format.js'
import { quantile } from '../format/quantile.js'
import { markdownTable, textTable } from './tables.js'

export interface RunReport {
  ranking: MirrorAssessment[]
  /** One sentence on why the chosen mirror won. */
  explanation: string
  probeMs: number
  chosen: Mirror
  /** The mirror later steps use: the router, or where the install succeeded, else the chosen one. */
  configured: Mirror
  /** Whether `configured` is the local router over the ranked mirrors. */
  throughRouter?: boolean
  /** The router's usual port was taken: its URL differs from earlier jobs'. */
  routerPortMoved?: string
  /** The variables exported for later steps, credentials hidden. */
  exported: Record<string, string>
  findings: Finding[]
  install?: { command: string; result: InstallResult }
  cache?: CacheReport
  docker?: DockerReport
}

const RANKING_HEADERS = ['#', 'mirror', 'host', 'status', 'median latency', 'samples', 'reason']
const QUALITY_HEADERS = ['throughput', 'lag', 'predicted install']

function rankingRows(ranking: RankedMirror[]): string[][] {
  return ranking.map((entry, index) => [
    String(index + 1),
    entry.mirror.name,
    entry.mirror.host,
    entry.ok ? 'ok' : entry.stoppedEarly ? 'too slow' : 'failed',
    entry.latencyMs === null ? '-' : `${entry.latencyMs} ms`,
    entry.failures > 0
      ? `${entry.samples - entry.failures}/${entry.samples} ok`
      : String(entry.samples),
    entry.error ?? ''
  ])
}

/** The ranking with each mirror's throughput, freshness and predicted install time. */
function qualityRows(ranking: MirrorAssessment[]): string[][] {
  return rankingRows(ranking).map((row, index) => {
    const entry = ranking[index]
    return [...row.slice(0, -1), ...qualityCells(entry), row[row.length - 1]]
  })
}

function qualityCells(entry: MirrorAssessment): string[] {
  if (!entry.ok) return ['-', '-', '-']
  const lag =
    entry.missingVersions.length > 0
      ? `${entry.stale ? 'stale: ' : ''}missing ${entry.missingVersions.join(', ')}`
      : entry.serialLag
        ? `${entry.serialLag} serials`
        : 'fresh'
  return [
    entry.throughputBps === undefined ? '-' : `${formatBytes(entry.throughputBps)}/s`,
    lag,
    entry.predicted ? formatSeconds(entry.predicted.seconds * 1000) : '-'
  ]
}

const QUALITY_TABLE_HEADERS = [...RANKING_HEADERS.slice(0, -1), ...QUALITY_HEADERS, 'reason']

export function formatRanking(ranking: RankedMirror[]): string {
  return textTable(RANKING_HEADERS, rankingRows(ranking))
}

export function formatAssessment(ranking: MirrorAssessment[]): string {
  return textTable(QUALITY_TABLE_HEADERS, qualityRows(ranking))
}

const ATTEMPT_HEADERS = ['#', 'mirror', 'try', 'exit code', 'class', 'time', 'last error line']

function attemptRows(attempts: Attempt[]): string[][] {
  return attempts.map((attempt, index) => [
    String(index + 1),
    attempt.mirror.name,
    String(attempt.attemptOnMirror),
    String(attempt.exitCode),
    attempt.exitCode === 0 ? 'success' : (attempt.kind ?? ''),
    formatSeconds(attempt.durationMs),
    attempt.line ?? ''
  ])
}

export function formatAttempts(attempts: Attempt[]): string {
  return textTable(ATTEMPT_HEADERS, attemptRows(attempts))
}

/** Why the install step failed, with every attempt, for the step's error message. */
export function installFailureMessage(result: InstallResult): string {
  const reason =
    result.refusal ??
    (result.stoppedBy
      ? `The install stopped on a ${result.stoppedBy.kind} failure that another mirror would not fix: ${result.stoppedBy.line}`
      : `The install failed on every mirror`)
  return `${reason}\n${formatAttempts(result.attempts)}`
}

export function renderSummary(report: RunReport): string {
  const sections = report.throughRouter
    ? [
        `## PyPI mirrors: the router, ${report.chosen.name} first`,
        chosenLine(report),
        `pip and uv use the local router (\`${report.configured.displayUrl}\`) for the whole job: it asks **${report.chosen.name}** first and fails over, resumes and hedges across the other mirrors, request by request.`
      ]
    : [`## PyPI mirror: ${report.configured.name}`, chosenLine(report)]
  if (report.throughRouter && report.routerPortMoved) sections.push(report.routerPortMoved)
  if (!report.throughRouter && report.configured !== report.chosen) {
    sections.push(
      `The install failed there and succeeded on **${report.configured.name}** (\`${report.configured.displayUrl}\`), which later steps use.`
    )
  }

  sections.push(
    `### Probe (${formatSeconds(report.probeMs)})`,
    markdownTable(QUALITY_TABLE_HEADERS, qualityRows(report.ranking))
  )
  const chart = latencyChart(report.ranking)
  if (chart) sections.push(chart)

  if (report.install) {
    const { result } = report.install
    const verdict = result.succeeded
      ? `succeeded on **${result.mirror?.name}** after ${result.attempts.length} attempt(s)`
      : `**failed** after ${result.attempts.length} attempt(s)`
    sections.push(
      '### Install',
      `\`${report.install.command.trim().replace(/`/g, "'")}\` ${verdict}.`,
      markdownTable(ATTEMPT_HEADERS, attemptRows(result.attempts))
    )
  }

  if (report.cache) sections.push('### Cache', cacheTable(report.cache))
  if (report.docker) sections.push(...dockerSections(report.docker))

  const exported = Object.entries(report.exported)
  sections.push(
    '### Configuration',
    exported.length > 0
      ? markdownTable(
          ['variable', 'value'],
          exported.map(([name, value]) => [`\`${name}\``, `\`${value}\``])
        )
      : 'No variables exported (`configure: none`).'
  )
  if (report.findings.length > 0) {
    sections.push(
      '### Existing index settings',
      markdownTable(
        ['level', 'where', 'what it means'],
        report.findings.map(f => [f.level, f.source, f.message])
      )
    )
  }
  return sections.join('\n\n') + '\n'
}

function chosenLine(report: RunReport): string {
  const winner = report.ranking.find(entry => entry.mirror === report.chosen)
  if (!winner?.ok) {
    return noHealthyMirrorMessage(report.chosen)
  }
  const healthy = report.ranking.filter(entry => entry.ok).length
  return `\`${report.chosen.displayUrl}\`, of ${healthy} healthy mirror(s) out of ${report.ranking.length} probed. ${report.explanation}`
}

/** GitHub renders Mermaid in job summaries. */
function latencyChart(ranking: RankedMirror[]): string | undefined {
  const healthy = ranking.filter(entry => entry.ok && entry.latencyMs !== null)
  if (healthy.length === 0) return undefined
  const names = healthy.map(entry => JSON.stringify(entry.mirror.name)).join(', ')
  const values = healthy.map(entry => entry.latencyMs).join(', ')
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Median probe latency (ms)"',
    `  x-axis [${names}]`,
    '  y-axis "ms"',
    `  bar [${values}]`,
    '```'
  ].join('\n')
}

function cacheTable(cache: CacheReport): string {
  const hit = {
    exact: 'hit (exact key)',
    partial: `partial hit: \`${cache.matchedKey}\``,
    miss: 'miss'
  }[cache.hit]
  const rows = [
    ['key', `\`${cache.key}\``],
    ['result', hit],
    ['size', formatBytes(cache.sizeBytes)],
    ['restore time', formatSeconds(cache.restoreMs)]
  ]
  if (cache.problem) rows.push(['problem', cache.problem])
  return markdownTable(['', 'restore'], rows)
}

/** The post step's own section of the job summary. */
export function renderSaveSummary(save: SaveReport): string {
  const rows = [
    ['key', `\`${save.key}\``],
    ['result', save.saved ? 'saved' : `not saved: ${save.reason ?? 'unknown reason'}`]
  ]
  if (save.sizeBytes !== undefined) rows.push(['size', formatBytes(save.sizeBytes)])
  if (save.ms !== undefined) rows.push(['save time', formatSeconds(save.ms)])
  if (save.store) {
    const { kept, keptBytes, dropped, droppedBytes } = save.store
    rows.push(
      ['router store: files this job used, kept', `${kept} (${formatBytes(keptBytes)})`],
      ['router store: files no longer used, dropped', `${dropped} (${formatBytes(droppedBytes)})`],
      ["pip's cache", 'wheels built from source only: the store holds every file it downloaded']
    )
  }
  return `### Cache save\n\n${markdownTable(['', 'save'], rows)}\n`
}

/** Median and 95th percentile of page answer times, in ms. */
function answerTimes(times: number[]): string {
  if (times.length === 0) return 'none'
  return `${Math.round(quantile(times, 0.5))} ms, ${Math.round(quantile(times, 0.95))} ms`
}

/** Files two mirrors list with different sha256s: a mirror rewrote history, or was tampered with. */
function conflictSection(conflicts: HashConflict[]): string[] {
  if (conflicts.length === 0) return []
  const rows = conflicts.map(conflict => [
    `\`${conflict.filename}\``,
    conflict.mirrors.join(', '),
    conflict.kept
      ? `served from ${conflict.kept} (the higher serial)`
      : 'served from none: no serial tells which is current'
  ])
  return [
    '#### Files two mirrors list with different sha256s',
    markdownTable(['file', 'mirrors', 'what the router did'], rows)
  ]
}

/** The router's whole-job figures, from the post step. */
export function renderRouterSummary(stats: RouterStats & { restarts?: number }): string {
  const names = [
    ...new Set([...Object.keys(stats.pages.mirrors), ...Object.keys(stats.files.bytesByMirror)])
  ]
  const mirrorRows = names.map(name => {
    const pages = stats.pages.mirrors[name]
    return [
      name,
      String(pages?.requests ?? 0),
      String(pages?.failures ?? 0),
      String(pages?.behind ?? 0),
      formatBytes(stats.files.bytesByMirror[name] ?? 0)
    ]
  })
  const totals = [
    ['project pages served', String(stats.pagesServed)],
    ['pages no mirror could serve', String(stats.pagesFailed)],
    [
      'pages merged from several mirrors (a release one lacks still shows)',
      String(stats.pages.merged)
    ],
    [
      'projects asked of every mirror (a pinned release or a file was missing, or a retry)',
      String(stats.pages.widened)
    ],
    ['page answer time: median, 95th percentile', answerTimes(stats.pages.answerMs)],
    ['requests that failed over to the next mirror', String(stats.pages.failovers)],
    ['hedged requests (won)', `${stats.pages.hedged} (${stats.pages.hedgesWon})`],
    ['downloads resumed on another mirror', String(stats.files.resumed)],
    ['downloads that left a mirror far below its usual speed', String(stats.files.slowSwitches)],
    ['large files fetched in parallel ranges from several mirrors', String(stats.files.parallel)],
    ['files served from the store', String(stats.files.storeHits)],
    [
      'bytes served from files an earlier job left in the store',
      formatBytes(stats.files.storeBytes)
    ],
    ['files refused for a wrong sha256', String(stats.files.hashMismatches)],
    ['downloads no mirror could complete', String(stats.files.failures)],
    [
      'core metadata read from the wheel (mirrors lacked the file)',
      String(stats.metadataFromWheels)
    ],
    ['requests that ran into an error of the router (see its log)', String(stats.errors)],
    [
      'time the tools waited on mirrors (overlapping requests once)',
      formatSeconds(stats.networkWaitMs ?? 0)
    ],
    // Known once the router stops; as the job's proxy it serves on after the post step.
    ...(stats.restarts === undefined
      ? []
      : [['router processes that died and were replaced', String(stats.restarts)]]),
    ...(stats.proxy
      ? [
          [
            "TLS connections to PyPI's hosts answered from the mirrors",
            String(stats.proxy.intercepted)
          ],
          ['tunnels to other hosts, passed through untouched', String(stats.proxy.tunnelled)],
          ['tunnels whose host could not be reached', String(stats.proxy.failed)],
          [
            'proxy requests refused (no or wrong password, or a bad target)',
            String(stats.proxy.refused)
          ]
        ]
      : []),
    ...(stats.upstream ? passThroughRows(stats.upstream) : []),
    ...(stats.jsonApi ? jsonApiRows(stats.jsonApi) : []),
    ...(stats.containerRequests > 0
      ? [
          [
            "requests and tunnels from the job's containers (Docker network)",
            String(stats.containerRequests)
          ]
        ]
      : [])
  ]
  return (
    [
      '### Router',
      markdownTable(
        ['mirror', 'page requests', 'failed', 'pages behind another', 'file bytes'],
        mirrorRows
      ),
      markdownTable(['for the whole job', ''], totals),
      ...conflictSection(stats.pages.conflicts),
      ...(stats.prefetch ? prefetchSection(stats.prefetch) : [])
    ].join('\n\n') + '\n'
  )
}

/** What went to PyPI's own hosts because the mirrors do not serve it. */
function passThroughRows(upstream: PassThroughStats): string[][] {
  const hosts = Object.entries(upstream.requests)
  return [
    [
      "requests passed on to PyPI's own hosts (not the mirrors' business)",
      hosts.length === 0 ? '0' : hosts.map(([host, count]) => `${count} (${host})`).join(', ')
    ],
    ["of those, PyPI's host could not be reached", String(upstream.unreachable)]
  ]
}

/** Where PyPI's JSON API answers came from; the documents the router built, by project. */
function jsonApiRows(json: JsonApiStats): string[][] {
  const built = Object.entries(json.built)
  return [
    ["PyPI's JSON API: from a mirror's copy, from PyPI", `${json.mirrors}, ${json.pypi}`],
    [
      'JSON API documents built from simple pages for Poetry (no vulnerability data)',
      built.length === 0 ? '0' : built.map(([project, count]) => `${project} (${count})`).join(', ')
    ],
    ['JSON API requests refused: neither a mirror nor PyPI answered', String(json.refused)]
  ]
}

/** What the router fetched ahead, and how much of it the tools then used. */
function prefetchSection(prefetch: PrefetchStats): string[] {
  const known = Object.entries(prefetch.knownAhead)
  const rows = [
    [
      'files known ahead (from)',
      known.length === 0 ? '0' : known.map(([file, count]) => `${count} (${file})`).join(', ')
    ],
    ['files chosen from Requires-Dist as the tools resolved', String(prefetch.followed)],
    ['fetched ahead (bytes)', `${prefetch.fetched} (${formatBytes(prefetch.fetchedBytes)})`],
    ['chosen files the store held already', String(prefetch.stored)],
    ['asked for by a tool once fetched', String(prefetch.hitsWhole)],
    ['asked for by a tool while still downloading (joined)', String(prefetch.hitsInFlight)],
    ['fetched ahead and never asked for (wasted)', formatBytes(prefetch.wastedBytes)],
    ['no file for this Python (other platforms only)', String(prefetch.noFit)],
    ['left out to stay within the byte budget', String(prefetch.overBudget)],
    ['downloads ahead that failed (the tool fetched its own)', String(prefetch.failed)],
    [
      'not fetched: the index has another sha256 than the lock or hashes',
      prefetch.hashMismatches.length === 0 ? '0' : prefetch.hashMismatches.join(', ')
    ]
  ]
  const read = prefetch.read.length > 0 ? prefetch.read.join(', ') : 'none'
  return ['#### Fetched ahead', `Read: ${read}.`, markdownTable(['', ''], rows)]
}

function dockerSections(docker: DockerReport): string[] {
  const configured =
    docker.configured.length > 0
      ? `Configured \`registry-mirrors\`: ${docker.configured.map(mirror => `\`${mirror.displayUrl}\``).join(', ')}; ${docker.outcome}.`
      : `Nothing configured: ${docker.outcome}.`
  const buildkit = docker.buildkitdConfig
    ? [`BuildKit config for \`docker/setup-buildx-action\`: \`${docker.buildkitdConfig}\`.`]
    : []
  // Off Linux nothing is probed: no table of no mirrors.
  const ranking =
    docker.ranking.length > 0 ? [markdownTable(RANKING_HEADERS, rankingRows(docker.ranking))] : []
  return ['### Docker mirrors', ...ranking, configured, ...buildkit]
}
