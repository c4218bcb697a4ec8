import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the ytk backend plugin. */
  ytk?: {
    /** The clusters whose network policy the overlay is built from. */
    clusters?: Array<{
      /** Cluster name; must match cilium's cluster-name for ClusterMesh. */
      name: string;
      /** Human-readable title. */
      title?: string;
      /** Where the cluster's objects come from. */
      source: 'kubernetes' | 'manifests';
      /** API server URL (source: kubernetes). Absent = in-cluster. */
      url?: string;
      /**
       * Base64 PEM CA bundle of the API server.
       * @visibility secret
       */
      caData?: string;
      /** Path to a PEM CA bundle file. */
      caFile?: string;
      /** Skip TLS verification (a warning is logged at startup). */
      skipTLSVerify?: boolean;
      /** How to authenticate (only serviceAccount for now). */
      authProvider?: 'serviceAccount';
      /**
       * Bearer token; falls back to the in-cluster service account token file.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Directory of YAML manifests (source: manifests). */
      path?: string;
      /**
       * What `hostNetwork: true` pods are to policy in this cluster (docs/host-network.md):
       * `pod` (default; as np-guard netpol-analyzer) or `node`. Only the kubernetes enforcer
       * reads it: a cilium cluster always treats them as node traffic.
       */
      hostNetwork?: 'pod' | 'node';
    }>;
    /** POST /lint limits. */
    lint?: {
      /** Largest accepted body in bytes (default 1048576). */
      maxBodyBytes?: number;
    };
    /** Overlay rebuild tuning. */
    overlay?: {
      /** Debounce before a rebuild after a change, in milliseconds (default 200). */
      debounceMs?: number;
    };
    /** Self-service peering requests (docs/peering.md). */
    peering?: {
      /**
       * What "apply" does: `export` (no cluster call; the YAML is the result), `dry-run`
       * (server-side dry run on each kubernetes-source cluster) or `apply` (server-side
       * apply, field manager `ytk`). Default `export`.
       */
      mode?: 'export' | 'dry-run' | 'apply';
      /** Who may apply an approved request: `approver` (owners of the target, default) or a group ref. */
      applyBy?: string;
      /**
       * How often the expiry task runs: a duration object (`{ minutes: 5 }`) or an ISO 8601
       * string (`PT5M`). Default one minute, at least 10 seconds.
       */
      expiryInterval?: HumanDuration | string;
    };
  };
}
