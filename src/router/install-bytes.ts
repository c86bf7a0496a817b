import type { RouterStats } from './router-service.js'

/** Where the bytes of the files the router served came from, for the action's outputs. */
export interface ByteSources {
  /** Bytes by mirror name, and `store` for files served from the router's store. */
  bytes: Record<string, number>
  /**
   * The source of most of the bytes; with no file bytes at all (the client had everything), the
   * mirror the router asks first.
   */
  top: string | undefined
}

export const STORE_SOURCE = 'store'

export function byteSources(stats: RouterStats): ByteSources {
  const bytes: Record<string, number> = { ...stats.files.bytesByMirror }
  if (stats.files.storeBytes > 0) bytes[STORE_SOURCE] = stats.files.storeBytes
  const ranked = Object.entries(bytes)
    .filter(([, count]) => count > 0)
    .sort(([, a], [, b]) => b - a)
  return { bytes, top: ranked[0]?.[0] ?? stats.order[0] }
}
