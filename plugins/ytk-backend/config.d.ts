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
      /**
       * Where the cluster's observed flows come from (docs/observed-flows.md, "Hubble
       * configuration"): `address` of Hubble Relay, or `recorded`, a file of
       * `hubble observe -o jsonpb` lines replayed once (demos, offline). Absent = no flows.
       */
      hubble?: {
        /** Hubble Relay's gRPC address, host:port (e.g. hubble-relay.kube-system.svc:80). */
        address?: string;
        /** TLS to the relay; absent = plaintext. `cert` and `key` together for mutual TLS. */
        tls?: {
          /**
           * PEM CA bundle that signed the relay's certificate (default: the system roots).
           * @visibility secret
           */
          ca?: string;
          /** Path to a PEM CA bundle file. */
          caFile?: string;
          /**
           * PEM client certificate.
           * @visibility secret
           */
          cert?: string;
          /** Path to a PEM client certificate file. */
          certFile?: string;
          /**
           * PEM client private key.
           * @visibility secret
           */
          key?: string;
          /** Path to a PEM client private key file. */
          keyFile?: string;
          /** Name the relay's certificate must carry (default: the host of `address`). */
          serverName?: string;
        };
        /** Path to a `hubble observe -o jsonpb` file (one flow per line), instead of `address`. */
        recorded?: string;
        /** `false` turns the source off and reports the cluster's flows as disabled. */
        enabled?: boolean;
      };
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
      /**
       * Where the views routes answer from (connectivity, its indexes, policy subjects) are
       * computed: `worker` (default) once per overlay version in a worker thread, requests
       * answered from the previous version meanwhile; `inline` on the event loop, by the first
       * request of a version (the approach before views; the bench's baseline).
       */
      views?: 'worker' | 'inline';
    };
    /** Observed flows from Hubble (docs/observed-flows.md). */
    flows?: {
      /**
       * How long aggregates are kept after their last flow: a duration object (`{ days: 7 }`)
       * or an ISO 8601 string (`P7D`). Default 7 days, at least one hour.
       */
      retention?: HumanDuration | string;
      /** How often pruning runs (one backend instance at a time). Default one hour, at least a minute. */
      pruneInterval?: HumanDuration | string;
      /** How often in-memory aggregates are merged into the database. Default 10 seconds. */
      flushInterval?: HumanDuration | string;
      /** Flows buffered per cluster before aggregation; beyond it flows are dropped and counted (default 10000). */
      queueSize?: number;
      /** Distinct aggregates held in memory per cluster between flushes (default 10000). */
      maxAggregates?: number;
      /** Reconnect backoff to Hubble Relay: jittered, doubling from minMs (default 1000) to maxMs (default 60000). */
      reconnect?: { minMs?: number; maxMs?: number };
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
    /** Security posture (docs/posture.md). */
    posture?: {
      /** The per-team trend of GET /teams/:team/posture/history, kept in the plugin database. */
      history?: {
        /** Summaries kept per team, newest first (default 500, 1 to 100000). */
        maxEntries?: number;
        /**
         * Summaries older than this are dropped: a duration object (`{ days: 30 }`) or an ISO
         * 8601 string (`P30D`). Default 90 days, at least one hour.
         */
        maxAge?: HumanDuration | string;
      };
    };
  };
}
