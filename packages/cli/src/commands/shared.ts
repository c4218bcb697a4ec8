import type { EnforcerKind, HostNetworkMode } from '@ytknetwork/common';
import type { LoadOptions } from '../load';

export const ENFORCERS = ['kubernetes', 'cilium'] as const;
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
