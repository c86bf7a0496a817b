/** Sizes and durations as the log, the summary and the ranking show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  for (; value >= 1024 && unit < units.length - 1; unit++) value /= 1024
  return `${value.toFixed(1)} ${units[unit]}`
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Every annotation the action writes is titled by its topic. */
export function annotationTitle(topic: string): string {
  return `pip-mirror-action: ${topic}`
}

/** What the action does when every candidate failed its probe. */
export function noHealthyMirrorMessage(first: { name: string; displayUrl: string }): string {
  return `No mirror passed the probe: the candidates are tried in the order given, starting with ${first.name} (${first.displayUrl}).`
}

/** What the action does when the private index it must try first failed its probe. */
export function privateIndexFailedMessage(first: { name: string; displayUrl: string }): string {
  return `The private index ${first.name} (${first.displayUrl}) failed the probe; it stays first, since private indexes are always tried before public mirrors.`
}
