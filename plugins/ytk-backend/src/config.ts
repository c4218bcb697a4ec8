import {
  ConfigReader,
  readDurationFromConfig,
  type Config,
} from '@backstage/config';
import {
  durationToMilliseconds,
  type HumanDuration,
  type JsonObject,
} from '@backstage/types';
import { z } from 'zod';

/** One configured cluster, validated. */
export interface ClusterConfig {
  name: string;
  title?: string;
  source: 'kubernetes' | 'manifests';
  url?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  authProvider: 'serviceAccount';
  serviceAccountToken?: string;
  path?: string;
  /** Host-network semantics for the kubernetes enforcer (docs/host-network.md). */
  hostNetwork?: 'pod' | 'node';
  /** Where the cluster's observed flows come from (docs/observed-flows.md); absent = none. */
  hubble?: HubbleConfig;
}

/** TLS to Hubble Relay: PEM inline or from a file; `cert` and `key` together for mutual TLS. */
export interface HubbleTlsConfig {
  ca?: string;
  caFile?: string;
  cert?: string;
  certFile?: string;
  key?: string;
  keyFile?: string;
  /** Name the relay's certificate is checked against (default: the address's host). */
  serverName?: string;
}

/** `ytk.clusters[].hubble`: a Hubble Relay to stream from, or a recorded `hubble observe -o jsonpb` file. */
export type HubbleConfig =
  | { kind: 'relay'; address: string; tls?: HubbleTlsConfig }
  | { kind: 'recorded'; recorded: string }
  | { kind: 'disabled' };

export interface FlowsConfig {
  /** Aggregates whose last flow is older than this are pruned. */
  retention: HumanDuration;
  /** How often the pruning task runs (one instance at a time). */
  pruneInterval: HumanDuration;
  /** How often in-memory aggregates are merged into the database. */
  flushInterval: HumanDuration;
  /** Flows buffered per cluster between the stream and aggregation; more are dropped and counted. */
  queueSize: number;
  /** Distinct aggregates held in memory per cluster between flushes; a full aggregator flushes early. */
  maxAggregates: number;
  /** Reconnect backoff to Hubble Relay (jittered, doubling from minMs to maxMs). */
  reconnect: { minMs: number; maxMs: number };
}

export interface YtkConfig {
  clusters: ClusterConfig[];
  lint: { maxBodyBytes: number };
  overlay: { debounceMs: number; views: 'worker' | 'inline' };
  flows: FlowsConfig;
  peering: PeeringConfig;
  posture: PostureConfig;
}

export interface PostureConfig {
  /** The per-team summaries GET /teams/:team/posture/history serves (docs/backend.md). */
  history: {
    /** Rows kept per team, newest first. */
    maxEntries: number;
    /** Rows older than this are dropped. */
    maxAge: HumanDuration;
  };
}

export interface PeeringConfig {
  mode: 'export' | 'dry-run' | 'apply';
  /** `approver` or a group entity ref. */
  applyBy: string;
  /** How often the expiry task runs. */
  expiryInterval: HumanDuration;
}

export const DEFAULT_MAX_LINT_BODY_BYTES = 1024 * 1024;

export const DEFAULT_POSTURE_HISTORY_MAX_ENTRIES = 500;
export const DEFAULT_POSTURE_HISTORY_MAX_AGE: HumanDuration = { days: 90 };

export const DEFAULT_PEERING_EXPIRY_INTERVAL: HumanDuration = { minutes: 1 };
// Each run lists the open and applied requests and may call every cluster: not in a tight loop.
const MIN_PEERING_EXPIRY_INTERVAL_MS = 10_000;

/**
 * A Backstage duration (`{ minutes: 5 }`, ISO 8601 `PT5M`, or `5m`) at `key`, read the way
 * readDurationFromConfig reads any other duration key, at least `minMs` long.
 */
const durationSchema = (
  key: string,
  defaultValue: HumanDuration,
  minMs: number,
) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx): HumanDuration => {
      if (value === undefined) return defaultValue;
      // Put the value back at its key so readDurationFromConfig's messages name it.
      const wrapped = key
        .split('.')
        .reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
      let duration: HumanDuration;
      try {
        duration = readDurationFromConfig(
          new ConfigReader(wrapped as JsonObject, 'app-config'),
          { key },
        );
      } catch (e) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a duration such as { minutes: 5 } or PT5M (${(e as Error).message})`,
        });
        return z.NEVER;
      }
      if (durationToMilliseconds(duration) < minMs) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at least ${minMs / 1000} seconds`,
        });
        return z.NEVER;
      }
      return duration;
    });

const pem = (what: string) =>
  z.string().refine(v => v.includes('-----BEGIN '), `must be PEM (${what})`);

const hubbleTlsSchema = z
  .object({
    ca: pem('a CA certificate').optional(),
    caFile: z.string().min(1).optional(),
    cert: pem('a client certificate').optional(),
    certFile: z.string().min(1).optional(),
    key: pem('a private key').optional(),
    keyFile: z.string().min(1).optional(),
    serverName: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const k of ['ca', 'cert', 'key'] as const) {
      if (t[k] && t[`${k}File`])
        ctx.addIssue({
          code: 'custom',
          path: [`${k}File`],
          message: `give ${k} or ${k}File, not both`,
        });
    }
    const cert = !!(t.cert || t.certFile);
    const key = !!(t.key || t.keyFile);
    if (cert !== key)
      ctx.addIssue({
        code: 'custom',
        path: [cert ? 'key' : 'cert'],
        message: 'is required with the other half of the client key pair',
      });
  });

// host:port, [v6]:port, or dns:///host:port (a gRPC target).
const HUBBLE_ADDRESS =
  /^(dns:\/\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

const hubbleSchema = z
  .object({
    address: z
      .string()
      .regex(
        HUBBLE_ADDRESS,
        'must be host:port of Hubble Relay (e.g. hubble-relay.kube-system.svc:80)',
      )
      .optional(),
    tls: hubbleTlsSchema.optional(),
    recorded: z.string().min(1).optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (!h.enabled) return;
    if (!!h.address === !!h.recorded)
      ctx.addIssue({
        code: 'custom',
        path: h.address ? ['recorded'] : [],
        message: h.address
          ? 'give address (Hubble Relay) or recorded (a file), not both'
          : 'needs address (Hubble Relay) or recorded (a hubble observe -o jsonpb file)',
      });
    if (h.tls && !h.address)
      ctx.addIssue({
        code: 'custom',
        path: ['tls'],
        message: 'applies to address only',
      });
  })
  .transform((h): HubbleConfig => {
    if (!h.enabled) return { kind: 'disabled' };
    if (h.recorded) return { kind: 'recorded', recorded: h.recorded };
    return {
      kind: 'relay',
      address: h.address!,
      ...(h.tls ? { tls: h.tls } : {}),
    };
  });

export const DEFAULT_FLOW_RETENTION: HumanDuration = { days: 7 };

// Cluster names end up in workload refs and URLs: keep them DNS-label-like.
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const clusterSchema = z
  .object({
    name: z.string().regex(NAME, 'must be a DNS label (a-z, 0-9, -)'),
    title: z.string().optional(),
    source: z.enum(['kubernetes', 'manifests']),
    url: z.string().url().optional(),
    caData: z.string().optional(),
    caFile: z.string().optional(),
    skipTLSVerify: z.boolean().default(false),
    authProvider: z.literal('serviceAccount').default('serviceAccount'),
    serviceAccountToken: z.string().optional(),
    path: z.string().min(1).optional(),
    hostNetwork: z.enum(['pod', 'node']).optional(),
    hubble: hubbleSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.source === 'manifests' && !c.path) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['path'],
        message: 'is required when source is "manifests"',
      });
    }
  });

const ytkSchema = z
  .object({
    clusters: z.array(clusterSchema).default([]),
    lint: z
      .object({
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(DEFAULT_MAX_LINT_BODY_BYTES),
      })
      .strict()
      .prefault({}),
    overlay: z
      .object({
        debounceMs: z.number().int().min(0).default(200),
        views: z.enum(['worker', 'inline']).default('worker'),
      })
      .strict()
      .prefault({}),
    flows: z
      .object({
        retention: durationSchema(
          'ytk.flows.retention',
          DEFAULT_FLOW_RETENTION,
          60 * 60 * 1000,
        ),
        pruneInterval: durationSchema(
          'ytk.flows.pruneInterval',
          { hours: 1 },
          60 * 1000,
        ),
        flushInterval: durationSchema(
          'ytk.flows.flushInterval',
          { seconds: 10 },
          100,
        ),
        queueSize: z.number().int().min(1).max(1_000_000).default(10_000),
        maxAggregates: z.number().int().min(1).max(1_000_000).default(10_000),
        reconnect: z
          .object({
            minMs: z.number().int().min(1).default(1000),
            maxMs: z.number().int().min(1).default(60_000),
          })
          .strict()
          .refine(r => r.minMs <= r.maxMs, {
            path: ['maxMs'],
            message: 'must be at least minMs',
          })
          .prefault({}),
      })
      .strict()
      .prefault({}),
    peering: z
      .object({
        mode: z.enum(['export', 'dry-run', 'apply']).default('export'),
        applyBy: z
          .string()
          .regex(
            /^(approver|group:[^/\s]+\/[^/\s]+)$/,
            'must be "approver" or a group ref (group:namespace/name)',
          )
          .default('approver'),
        expiryInterval: durationSchema(
          'ytk.peering.expiryInterval',
          DEFAULT_PEERING_EXPIRY_INTERVAL,
          MIN_PEERING_EXPIRY_INTERVAL_MS,
        ),
      })
      .strict()
      .prefault({}),
    posture: z
      .object({
        history: z
          .object({
            maxEntries: z
              .number()
              .int()
              .min(1)
              .max(100_000)
              .default(DEFAULT_POSTURE_HISTORY_MAX_ENTRIES),
            maxAge: durationSchema(
              'ytk.posture.history.maxAge',
              DEFAULT_POSTURE_HISTORY_MAX_AGE,
              60 * 60 * 1000,
            ),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((y, ctx) => {
    const seen = new Set<string>();
    y.clusters.forEach((c, i) => {
      if (seen.has(c.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['clusters', i, 'name'],
          message: `duplicate cluster name "${c.name}"`,
        });
      }
      seen.add(c.name);
    });
  });

/** `ytk.clusters[1].url`: the key as an operator writes it in app-config. */
function configKey(path: ReadonlyArray<string | number>): string {
  let out = 'ytk';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return out;
}

/** Validates `ytk.*`; a bad value fails startup with a message naming the key. */
export function readYtkConfig(config: Config): YtkConfig {
  const raw = config.getOptional('ytk') ?? {};
  const parsed = ytkSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      // zod 4 paths may hold symbols; config keys never do.
      i =>
        `${configKey(i.path.map(k => (typeof k === 'symbol' ? String(k) : k)))}: ${i.message}`,
    );
    throw new Error(`Invalid ytk configuration: ${lines.join('; ')}`);
  }
  return parsed.data as YtkConfig;
}
