import type {
  EnforcerKind,
  HostNetworkMode,
  Overlay,
} from '@ytknetwork/common';
import type { LoadOptions } from '../load';

export const ENFORCERS = ['kubernetes', 'cilium', 'calico'] as const;
export const HOST_NETWORK_MODES = ['pod', 'node'] as const;

export const INPUT_OPTIONS = {
  'clusters-from-dirs': { type: 'boolean' },
  cluster: { type: 'string' },
  enforcer: { type: 'string', choices: ENFORCERS },
  'host-network': { type: 'string', choices: HOST_NETWORK_MODES },
  strict: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export function loadOptionsFrom(values: Record<string, unknown>): LoadOptions {
  return {
    clustersFromDirs: values['clusters-from-dirs'] === true,
    cluster: values.cluster as string | undefined,
    enforcer: values.enforcer as EnforcerKind | undefined,
    hostNetwork: values['host-network'] as HostNetworkMode | undefined,
  };
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input (`-` as a file); tests give it, the binary reads fd 0. */
  readStdin?(): string;
}

/** Input problems are reported by ../inputReport (one policy for every command). */
export { reportProblems } from '../inputReport';

const ENFORCER_SOURCES: Record<string, string> = {
  forced: '--enforcer',
  'cilium-config': 'detected: kube-system/cilium-config',
  'calico-objects': 'detected: Calico objects',
  default: 'default',
};

/** How each cluster's enforcer was chosen, e.g. `calico (detected: Calico objects)`. */
export function enforcerChoice(c: Overlay['clusters'][number]): string {
  return `${c.enforcer} (${ENFORCER_SOURCES[c.enforcerSource ?? 'default'] ?? 'default'})`;
}

/** Each cluster's enforcer and how it was chosen, for JSON output (additive). */
export function enforcersJson(overlay: Overlay) {
  return overlay.clusters.map(c => ({
    cluster: c.name,
    enforcer: c.enforcer,
    source: c.enforcerSource ?? 'default',
  }));
}

/** stderr notes for calico clusters, so that a detected enforcer is never a surprise. */
export function reportCalicoClusters(io: Io, overlay: Overlay): void {
  for (const c of overlay.clusters)
    if (c.enforcer === 'calico')
      io.err(`note: cluster ${c.name}: enforcer ${enforcerChoice(c)}\n`);
}
