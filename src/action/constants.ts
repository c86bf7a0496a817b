/** Names shared with action.yml: users depend on them. */
export const Input = {
  Mirrors: 'mirrors',
  PrivateProjects: 'private-projects',
  ProbeProject: 'probe-project',
  ProbeTimeout: 'probe-timeout',
  ProbeSamples: 'probe-samples',
  ProbeTtl: 'probe-ttl',
  MaxLag: 'max-lag',
  Configure: 'configure',
  Install: 'install',
  InstallAttempts: 'install-attempts',
  Cache: 'cache',
  CacheDependencyPath: 'cache-dependency-path',
  DockerMirrors: 'docker-mirrors',
  DockerProbeImage: 'docker-probe-image',
  DockerDaemonConfig: 'docker-daemon-config'
} as const

export const Output = {
  Mirror: 'mirror',
  IndexUrl: 'index-url',
  LatencyMs: 'latency-ms',
  Ranking: 'ranking',
  InstallMirror: 'install-mirror',
  InstallAttempts: 'install-attempts',
  CacheHit: 'cache-hit',
  CacheKey: 'cache-key',
  CacheMatchedKey: 'cache-matched-key',
  DockerMirror: 'docker-mirror',
  DockerMirrors: 'docker-mirrors',
  BuildkitdConfig: 'buildkitd-config'
} as const

/** What the main step hands to the post step. */
export const State = {
  CachePlan: 'cache-plan',
  DockerRestore: 'docker-restore'
} as const
