/** What this job's install will ask of a mirror, for predicting its time on each. */
export interface Workload {
  requests: number
  bytes: number
  /** Where the estimate comes from, for the summary. */
  basis: string
}

/** A named requirement usually pulls in about as many more. */
const TRANSITIVE_FACTOR = 2
/** A typical pure-Python wheel. */
const TYPICAL_PACKAGE_BYTES = 150 * 1024
const MB = 1024 * 1024

/** Packages whose wheels dwarf the rest: their size decides an install's download time. */
const HEAVY_PACKAGES: Record<string, number> = {
  torch: 800 * MB,
  tensorflow: 600 * MB,
  'tensorflow-cpu': 250 * MB,
  jaxlib: 100 * MB,
  'nvidia-cudnn-cu12': 650 * MB,
  'nvidia-cublas-cu12': 400 * MB,
  triton: 200 * MB,
  'opencv-python': 60 * MB,
  pyarrow: 40 * MB,
  scipy: 40 * MB,
  'scikit-learn': 13 * MB,
  numpy: 16 * MB,
  pandas: 12 * MB,
  matplotlib: 9 * MB,
  grpcio: 6 * MB
}

/** Without dependency files: a mid-sized project. */
export const DEFAULT_WORKLOAD: Workload = {
  requests: 60,
  bytes: 30 * MB,
  basis: 'a typical project (no requirements file found)'
}

/**
 * Estimates requests and bytes from requirements files, cheaply: each named requirement and
 * its likely dependencies cost a page and a file, and known heavy packages count at their size.
 */
export function estimateWorkload(files: { path: string; text: string }[]): Workload {
  const names = new Set<string>()
  for (const file of files) {
    for (const line of file.text.split(/\r?\n/)) {
      const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.replace(/#.*/, ''))?.[1]
      if (name) names.add(name.toLowerCase().replace(/[-_.]+/g, '-'))
    }
  }
  if (names.size === 0) return DEFAULT_WORKLOAD
  const packages = names.size * TRANSITIVE_FACTOR
  const heavy = [...names].reduce((sum, name) => sum + (HEAVY_PACKAGES[name] ?? 0), 0)
  return {
    requests: packages * 2,
    bytes: heavy + packages * TYPICAL_PACKAGE_BYTES,
    basis: `${names.size} requirement(s) in ${files.map(file => file.path).join(', ')}`
  }
}
