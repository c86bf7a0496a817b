/** Names shared with action.yml: users depend on them. */
export const Input = {
  Mirrors: 'mirrors',
  ProbeProject: 'probe-project',
  ProbeTimeout: 'probe-timeout',
  ProbeSamples: 'probe-samples',
  Configure: 'configure',
  Install: 'install',
  InstallAttempts: 'install-attempts',
  Cache: 'cache'
} as const

export const Output = {
  Mirror: 'mirror',
  IndexUrl: 'index-url',
  LatencyMs: 'latency-ms',
  Ranking: 'ranking',
  InstallMirror: 'install-mirror',
  InstallAttempts: 'install-attempts'
} as const
