/** PEP 503 normalisation: the form of a project's name in simple-index URLs. */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase()
}
