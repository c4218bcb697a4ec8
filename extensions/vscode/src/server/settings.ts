import type { EnforcerKind, HostNetworkMode } from '@ytknetwork/common';

/** The `ytk.*` settings, as the client sends them (initializationOptions and didChangeConfiguration). */
export interface YtkSettings {
  enforcer: EnforcerKind | 'auto';
  /** `ytk.hostNetwork` (docs/host-network.md); 'auto' = the enforcer's default. */
  hostNetwork: HostNetworkMode | 'auto';
  ciliumVersion: string;
  cluster: string;
  rulesBaseUrl: string;
  portal: { url: string };
}

export const DEFAULT_SETTINGS: YtkSettings = {
  enforcer: 'auto',
  hostNetwork: 'auto',
  ciliumVersion: '',
  cluster: '',
  rulesBaseUrl: 'https://example.invalid/ytknetwork/ytk/blob/main/docs/rules/',
  portal: { url: '' },
};

/** Merges a partial, untrusted settings object over the defaults. */
export function readSettings(raw: unknown): YtkSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<
    string,
    unknown
  >;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  const enforcer = str(r.enforcer, 'auto');
  const hostNetwork = str(r.hostNetwork, 'auto');
  const portal = (r.portal && typeof r.portal === 'object' ? r.portal : {}) as {
    url?: unknown;
  };
  return {
    enforcer:
      enforcer === 'cilium' || enforcer === 'kubernetes' ? enforcer : 'auto',
    hostNetwork:
      hostNetwork === 'pod' || hostNetwork === 'node' ? hostNetwork : 'auto',
    ciliumVersion: str(r.ciliumVersion, ''),
    cluster: str(r.cluster, ''),
    rulesBaseUrl: str(r.rulesBaseUrl, DEFAULT_SETTINGS.rulesBaseUrl),
    portal: {
      url: str(portal.url, str(r['portal.url'], '')).replace(/\/+$/, ''),
    },
  };
}
