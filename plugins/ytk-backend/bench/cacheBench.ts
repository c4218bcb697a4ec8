/*
 * Whether ytk's derived results are worth sharing between replicas through Backstage's cache
 * service on Redis (`backend.cache.store: redis`), against each replica recomputing them.
 *
 * Every replica builds its own overlay versions from its own watches, so a shared entry cannot
 * be keyed by the version number: the key is derived from the content (the snapshots' object
 * identities and resource versions), and that key costs something too. For each candidate this
 * measures, in the same run and process, at the production size: recomputing it on a fresh
 * overlay version (with what a replica derives for every version anyway in place), a `set` and
 * a `get` through the real CacheManager of @backstage/backend-defaults on Redis (its JSON
 * serialization included), the payload's size and the content key's cost.
 *
 * `npm run bench -- cache` (production size unless --scale=/YTK_BENCH_SCALE says otherwise;
 * Redis on redis://127.0.0.1:6379 or YTK_BENCH_REDIS; `bash scripts/test-prereqs.sh` starts it).
 */
import { createHash, randomUUID } from 'node:crypto';
import type {
  PermissionsRegistryService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonValue } from '@backstage/types';
import {
  decodeObject,
  type ClusterSnapshot,
  type KubeObject,
  type Overlay,
} from '@ytknetwork/common';
import { redisCache } from '../src/cache/__testUtils__/redisCache';
import { overlayContentKey } from '../src/cache/sharedViews';
import { OverlayService } from '../src/overlay/OverlayService';
import { lintCluster } from '../src/overlay/lintPayload';
import { PostureService } from '../src/posture/PostureService';
import type { PostureHistoryStore } from '../src/posture/historyStore';
import { callerContext, type RouterDeps } from '../src/router/context';
import { neighbourhood } from '../src/router/graph';
import { teamOverview } from '../src/router/teams';
import type { ClusterSource, SourceHealth } from '../src/sources/ClusterSource';
import { TeamService } from '../src/teams/TeamService';
import {
  benchScale,
  appsOf,
  clusterObjects,
  type BenchScale,
} from './clusterObjects';

/** Fresh overlay versions measured per heavy candidate, after one warm-up version. */
const VERSIONS = 5;
/** Samples of the cheap candidates (team overview, team graph) and of each cache round trip. */
const SAMPLES = 30;
/** A candidate's cache round trips stop early after this long (a large payload). */
const CACHE_BUDGET_MS = 15_000;
/** Catalog size of the catalog index figure (TeamService re-reads it after every change). */
const CATALOG = { components: 10_000, systems: 1_000, groups: 500 };
/** Apps (components owned by one team) per team: team-0 owns app0..app4, as in the backend bench. */
const APPS_PER_TEAM = 5;
const TEAM = 'team-0';
const TEAM_REF = `group:default/${TEAM}`;
/**
 * When sharing is worth a network dependency: the fetch (get and key) at least this many
 * times faster than recomputing, and saving at least this much per use, both at p50.
 */
const WIN_RATIO = 10;
const WIN_SAVED_MS = 100;

const now = () => performance.now();

async function timed<T>(fn: () => T | Promise<T>): Promise<[number, T]> {
  const t0 = now();
  const value = await fn();
  return [now() - t0, value];
}

/** Nearest-rank percentile: with fewer than 100 samples p99 is the slowest. */
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 0.1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

const fmtP = (xs: number[]) => `${fmtMs(pct(xs, 50))} / ${fmtMs(pct(xs, 99))}`;

function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} B`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Every object's JSON hashed: what any source can offer (the lint payload's content), against
 * which overlayContentKey (resource versions, JSON only for objects without one) is compared.
 */
export function fullContentKey(snapshots: ClusterSnapshot[]): string {
  const h = createHash('sha256');
  for (const s of [...snapshots].sort((a, b) => a.name.localeCompare(b.name))) {
    h.update(
      `\u0001${s.name}\u0000${s.enforcer ?? ''}\u0000${s.hostNetwork ?? ''}`,
    );
    for (const r of s.resources) h.update(`\u0002${JSON.stringify(r.object)}`);
  }
  return h.digest('hex');
}

/** The bench's clusters as a KubernetesSource decodes them, each object with a uid and resourceVersion. */
function snapshotsOf(scale: BenchScale): ClusterSnapshot[] {
  const out: ClusterSnapshot[] = [];
  for (let c = 1; c <= scale.clusters; c++) {
    let rv = 1000;
    const resources = (clusterObjects(scale, c) as KubeObject[]).flatMap(o => {
      // As the API server returns them: the test API server stamps both as well.
      const obj = {
        ...o,
        metadata: {
          ...o.metadata,
          uid: randomUUID(),
          resourceVersion: String(rv++),
        },
      } as KubeObject;
      const uri = `k8s://c${c}/${obj.kind}/${obj.metadata?.namespace ?? '_'}/${obj.metadata?.name}`;
      return decodeObject(obj, uri).resources;
    });
    out.push({ name: `c${c}`, resources });
  }
  return out;
}

/** A cluster whose snapshot never changes; `emit()` hands it over again (a new overlay version). */
class StaticSource implements ClusterSource {
  private onSnapshot?: (s: ClusterSnapshot) => void;
  constructor(
    readonly name: string,
    private readonly snapshot: ClusterSnapshot,
  ) {}
  async start(onSnapshot: (s: ClusterSnapshot) => void) {
    this.onSnapshot = onSnapshot;
    onSnapshot(this.snapshot);
  }
  async stop() {}
  health(): SourceHealth {
    return { state: 'connected', unavailableKinds: [] };
  }
  emit() {
    this.onSnapshot?.(this.snapshot);
  }
}

/**
 * A production-size catalog: CATALOG.groups teams, CATALOG.components components (half of them
 * in a system), the components that own workloads (kubernetes-id app<k>) spread through it so
 * the owner lookup does not find them first.
 */
function catalogEntities(apps: number): Entity[] {
  const out: Entity[] = [];
  for (let g = 0; g < CATALOG.groups; g++)
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${g}`, title: `Team ${g}` },
      spec: { type: 'team', children: [] },
    });
  for (let s = 0; s < CATALOG.systems; s++)
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${s}` },
      spec: { owner: `team-${s % CATALOG.groups}` },
    });
  const stride = Math.floor(CATALOG.components / apps);
  for (let i = 0; i < CATALOG.components; i++) {
    const app = i % stride === 0 && i / stride < apps ? i / stride : undefined;
    const id = app === undefined ? `svc-${i}` : `app${app}`;
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: id,
        annotations: { 'backstage.io/kubernetes-id': id },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner:
          app === undefined
            ? `team-${i % CATALOG.groups}`
            : `team-${Math.floor(app / APPS_PER_TEAM)}`,
        ...(i % 2 ? { system: `system-${i % CATALOG.systems}` } : {}),
      },
    });
  }
  return out;
}

/** A catalog service timing its own reads: what the mock spends is not ytk's processing. */
function timedCatalog(catalog: CatalogService) {
  const spent = { ms: 0 };
  const wrapped: CatalogService = new Proxy(catalog, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop !== 'getEntities' || typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        const t0 = now();
        try {
          return await v.apply(target, args);
        } finally {
          spent.ms += now() - t0;
        }
      };
    },
  });
  return { catalog: wrapped, spent };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, ko) => {
      timer = setTimeout(() => ko(new Error(what)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Where a value fetched from the cache differs from the one computed (its path), if it does.
 * An absent property counts as one set to undefined: the routes answer in JSON, which drops
 * those anyway. A Map, Set or class instance JSON cannot carry shows as a differing path.
 */
export function difference(
  a: unknown,
  b: unknown,
  path = '$',
): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  )
    return `${path}: ${String(a)} ≠ ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b))
    return `${path}: ${a.constructor?.name} ≠ ${b.constructor?.name}`;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b))
    return a.equals(b) ? undefined : `${path}: bytes differ`;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const d = difference(ra[k], rb[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** How a candidate travels: the cache stores JSON values. */
interface Codec<T> {
  encode(v: T): JsonValue;
  decode(j: JsonValue): T;
}
const asJson = <T>(): Codec<T> => ({
  encode: v => v as unknown as JsonValue,
  decode: j => j as unknown as T,
});
/** A serialized body (as the routes keep it, bytes of JSON) travels as its string. */
const bodyCodec: Codec<Buffer> = {
  encode: b => b.toString('utf8'),
  decode: j => Buffer.from(j as string, 'utf8'),
};
const mapCodec = <V>(): Codec<Map<string, V>> => ({
  encode: m => [...m] as unknown as JsonValue,
  decode: j => new Map(j as unknown as Array<[string, V]>),
});

interface Candidate {
  name: string;
  /** Where the recompute runs in the backend. */
  where: string;
  recomputeMs: number[];
  /** Content key of this candidate, on top of the overlay's (per version) key. */
  keyMs: number[];
  /** The last recomputed value, and how it travels. */
  value: unknown;
  codec: Codec<unknown>;
}

/** Runs the benchmark and returns a short report. */
export async function runCacheBench(
  options: { onLine?: (line: string) => void } = {},
): Promise<string> {
  const explicit =
    process.argv.some(a => a.startsWith('--scale=')) ||
    !!process.env.YTK_BENCH_SCALE;
  // The question is the production size's: the default scale's connectivity (no namespace
  // isolated, every pod reaching every other) is not what a deployment of this size holds.
  const scale = benchScale(explicit ? process.argv : ['--scale=production']);
  const url = process.env.YTK_BENCH_REDIS ?? 'redis://127.0.0.1:6379';
  const lines: string[] = [];
  const report = (line: string) => {
    lines.push(line);
    options.onLine?.(line);
  };
  process.env.LOG_LEVEL ??= 'warn';
  const logger = mockServices.rootLogger({ level: 'warn' });

  const snapshots = snapshotsOf(scale);
  const sources = snapshots.map(s => new StaticSource(s.name, s));
  const overlay = OverlayService.create({
    sources,
    logger,
    debounceMs: 0,
    views: 'inline',
  });
  const entities = catalogEntities(appsOf(scale));
  const timedMock = timedCatalog(catalogServiceMock({ entities }));
  const user = 'user:default/alice';
  const userInfo: UserInfoService = {
    getUserInfo: async () => ({
      userEntityRef: user,
      ownershipEntityRefs: [user, TEAM_REF],
    }),
  };
  const auth = mockServices.auth();
  const teams = TeamService.create({
    catalog: timedMock.catalog,
    auth,
    userInfo,
  });
  const posture = PostureService.create({
    overlay,
    teams,
    // report() never records: the history store is not used here.
    store: {} as PostureHistoryStore,
    logger,
  });
  const deps = {
    logger,
    overlay,
    teams,
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    // Only consulted for a conditional decision, which an unconditional ALLOW never is.
    permissionsRegistry: {
      getPermissionRuleset: () => ({ getRuleByName: () => undefined }),
    } as unknown as PermissionsRegistryService,
  } as unknown as RouterDeps;
  const credentials = mockCredentials.user(user);

  const redis = redisCache(url);
  const runId = randomUUID().slice(0, 8);
  const keys: string[] = [];
  try {
    // Fail in seconds, not hang, when Redis is down (the client queues commands until it connects).
    await withTimeout(
      redis.cache.set(`bench:${runId}:probe`, 1, { ttl: 60_000 }),
      5_000,
      `Redis does not answer at ${url} (bash scripts/test-prereqs.sh starts it)`,
    );
    keys.push(`bench:${runId}:probe`);
    await overlay.start();

    const freshVersion = (): Promise<Overlay> =>
      new Promise(resolve => {
        const off = overlay.onChange(o => {
          off();
          resolve(o);
        });
        for (const s of sources) s.emit();
      });

    const c = (
      name: string,
      where: string,
      codec: Codec<unknown>,
    ): Candidate => ({
      name,
      where,
      recomputeMs: [],
      keyMs: [],
      value: undefined,
      codec,
    });
    const connectivity = c('whole connectivity', 'view worker', asJson());
    const subjects = c(
      'policy subjects',
      'view worker',
      mapCodec() as Codec<unknown>,
    );
    const lintC1 = c('lint findings of c1', 'lint worker', asJson());
    const postureReport = c(
      `posture report of ${TEAM}`,
      'lint worker (event loop with views: inline), every team per version',
      asJson(),
    );
    const teamOverviewBody = c(
      `overview body of ${TEAM}`,
      'event loop, first request',
      bodyCodec as Codec<unknown>,
    );
    const teamGraphBody = c(
      `connectivity of ${TEAM}`,
      'event loop, first request',
      bodyCodec as Codec<unknown>,
    );
    const overlayKeyMs: number[] = [];
    const fullKeyMs: number[] = [];
    let teamSize = 0;
    let snapshotObjects = 0;

    report(
      `cache (${scale.name}): ${scale.clusters} clusters x ${scale.pods} workloads, ${scale.policies} policies each ` +
        `(${scale.clusters * scale.pods} / ${scale.clusters * scale.policies} in all); Backstage CacheManager, store redis at ${url}; ` +
        `${VERSIONS} fresh overlay versions after a warm-up one`,
    );
    for (let v = 0; v <= VERSIONS; v++) {
      const version = await freshVersion();
      const keep = v > 0;
      const built = overlay.clusterNames().map(n => overlay.snapshot(n)!);
      snapshotObjects = built.reduce((n, s) => n + s.resources.length, 0);
      const [kMs] = await timed(() => overlayContentKey(built));
      const [fMs] = await timed(() => fullContentKey(built));
      // Each heavy candidate on a version that has not derived it yet: what a replica computes.
      const [connMs, conn] = await timed(() => overlay.connectivity());
      const [subjMs, subj] = await timed(() => overlay.policySubjects());
      const [lintMs, findings] = await timed(() =>
        lintCluster(version, built, 'c1'),
      );
      // The rest of the version's lint (in the lint worker), which the posture report rests on.
      await overlay.allFindings();
      const refs = await teams.workloadsOf(version, [TEAM_REF]);
      teamSize = refs.length;
      const [postMs, rep] = await timed(() =>
        posture.report(version, TEAM, refs),
      );
      if (keep) {
        overlayKeyMs.push(kMs);
        fullKeyMs.push(fMs);
        connectivity.recomputeMs.push(connMs);
        subjects.recomputeMs.push(subjMs);
        lintC1.recomputeMs.push(lintMs);
        postureReport.recomputeMs.push(postMs);
      }
      connectivity.value = conn;
      subjects.value = subj;
      lintC1.value = findings;
      postureReport.value = rep;
    }

    // The cheap candidates, on the last version: each sample with an owner map of its own, so
    // the per-owner-map connection views are built again (as for a version's first request).
    const version = overlay.current();
    const refs = await teams.workloadsOf(version, [TEAM_REF]);
    const scope = new Set(refs);
    for (let i = 0; i <= SAMPLES; i++) {
      // The catalog index fresh (its 1–30 s TTL) so no sample includes a catalog read.
      await teams.team(TEAM);
      const base = await callerContext(deps, credentials);
      const ctx = { ...base, owners: new Map(base.owners) };
      const [oMs, body] = await timed(async () =>
        Buffer.from(JSON.stringify(await teamOverview(deps, ctx, TEAM))),
      );
      const ctx2 = { ...base, owners: new Map(base.owners) };
      const [gMs, graph] = await timed(() => {
        const { nodes, connections } = neighbourhood(deps, ctx2, scope);
        return Buffer.from(
          JSON.stringify({
            overlayVersion: version.version,
            nodes,
            connections,
          }),
        );
      });
      if (i > 0) {
        teamOverviewBody.recomputeMs.push(oMs);
        teamGraphBody.recomputeMs.push(gMs);
      }
      teamOverviewBody.value = body;
      teamGraphBody.value = graph;
    }

    // Content keys on top of the overlay's: what else each result depends on.
    const owners = await teams.owners(version);
    for (let i = 0; i < SAMPLES; i++) {
      // Posture: the team's workloads (the findings and the rest follow from the content).
      postureReport.keyMs.push(
        (await timed(() => sha256(JSON.stringify(refs))))[0],
      );
      // Overview and graph: the owners of every workload (peers are labelled with their team).
      const [ownersMs] = await timed(() => sha256(JSON.stringify([...owners])));
      teamOverviewBody.keyMs.push(ownersMs + postureReport.keyMs[i]);
      teamGraphBody.keyMs.push(ownersMs + postureReport.keyMs[i]);
      for (const x of [connectivity, subjects, lintC1]) x.keyMs.push(0);
    }

    // Round trips through the cache service: set, then get, each with its serialization.
    const candidates = [
      teamOverviewBody,
      teamGraphBody,
      postureReport,
      lintC1,
      subjects,
      connectivity,
    ];
    const overlayKey = overlayContentKey(
      overlay.clusterNames().map(n => overlay.snapshot(n)!),
    );
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const x of candidates) {
      const key = `bench:${runId}:${x.name}:${overlayKey}`;
      keys.push(key);
      const setMs: number[] = [];
      const getMs: number[] = [];
      let lost: string | undefined;
      const started = now();
      for (let i = 0; i <= SAMPLES; i++) {
        const [s] = await timed(() =>
          redis.cache.set(key, x.codec.encode(x.value), { ttl: 600_000 }),
        );
        const [g, got] = await timed(async () => {
          const j = await redis.cache.get(key);
          if (j === undefined) throw new Error(`${x.name}: not in the cache`);
          return x.codec.decode(j);
        });
        if (i === 0) {
          lost = difference(x.value, got);
          continue;
        }
        setMs.push(s);
        getMs.push(g);
        if (now() - started > CACHE_BUDGET_MS) break;
      }
      const bytes = Buffer.byteLength(JSON.stringify(x.codec.encode(x.value)));
      const keyP50 = pct(overlayKeyMs, 50) + pct(x.keyMs, 50);
      const rec = pct(x.recomputeMs, 50);
      const fetch = pct(getMs, 50) + keyP50;
      const ratio = rec / pct(getMs, 50);
      const ratioKey = rec / fetch;
      const saved = rec - fetch;
      rows.push([
        x.name,
        fmtBytes(bytes),
        `${fmtP(x.recomputeMs)} (${x.recomputeMs.length})`,
        `${fmtP(setMs)}`,
        `${fmtP(getMs)} (${getMs.length})`,
        fmtMs(keyP50),
        `${ratio.toFixed(1)}x`,
        `${ratioKey.toFixed(1)}x`,
        lost ? 'NO' : 'yes',
      ]);
      let verdict: string;
      if (lost)
        verdict = `recompute — JSON does not carry it as computed (at ${lost}): it needs a codec first`;
      else if (ratioKey >= WIN_RATIO && saved >= WIN_SAVED_MS)
        verdict = `share — a hit saves ${fmtMs(saved)} of ${x.where} per replica (${ratioKey.toFixed(0)}x)`;
      else if (ratioKey > 1)
        verdict = `recompute — the cache is ${ratioKey.toFixed(1)}x faster but saves only ${fmtMs(saved)} per use (${x.where}): not worth a network dependency`;
      else verdict = `recompute — cheaper than a cache round trip (${x.where})`;
      verdicts.push(`    ${x.name}: ${verdict}`);
    }
    report(
      `  team ${TEAM}: ${teamSize} workloads; ${snapshotObjects} objects in the snapshots; recompute: ${VERSIONS} fresh versions (heavy) / ${SAMPLES} samples (bodies)`,
    );
    report(
      `  overlay content key per version: resource versions ${fmtP(overlayKeyMs)} (p50 / p99), full content (every object's JSON, for manifest sources) ${fmtP(fullKeyMs)}`,
    );
    report(
      table(
        [
          'candidate',
          'payload',
          'recompute p50 / p99 (n)',
          'set p50 / p99',
          'get p50 / p99 (n)',
          'key p50',
          'recompute/get',
          'recompute/(get+key)',
          'lossless',
        ],
        rows,
      )
        .split('\n')
        .map(l => `  ${l}`)
        .join('\n'),
    );
    report(
      `  get and set include the cache's JSON (de)serialization and the codec (Map entries, body string); key = overlay key (resource versions) + the candidate's own part; p99 of fewer than 100 samples is the slowest`,
    );
    report(
      `  verdict (share when (get + key) is ≥ ${WIN_RATIO}x faster than recomputing and saves ≥ ${WIN_SAVED_MS} ms, at p50):`,
    );
    for (const v of verdicts) report(v);
    report(
      `  a hit needs another replica to have stored the same content first: replicas that see a change at the same moment all miss and all compute`,
    );

    // The catalog index: what TeamService does with every read of Components/Systems/Groups.
    const indexMs: number[] = [];
    const mockMs: number[] = [];
    const ownersMs: number[] = [];
    for (let i = 0; i <= 10; i++) {
      const fresh = TeamService.create({
        catalog: timedMock.catalog,
        auth,
        userInfo,
      });
      timedMock.spent.ms = 0;
      const [total] = await timed(() => fresh.team(TEAM));
      const [o] = await timed(() => fresh.owners(version));
      if (i === 0) continue;
      mockMs.push(timedMock.spent.ms);
      indexMs.push(total - timedMock.spent.ms);
      ownersMs.push(o);
    }
    report(
      `  catalog index read (${CATALOG.components} components, ${CATALOG.systems} systems, ${CATALOG.groups} groups; catalogServiceMock — the catalog itself is mocked, ` +
        `its read (${fmtP(mockMs)}) is left out, so this is ytk's own processing): fingerprint + index ${fmtP(indexMs)} p50 / p99 (${indexMs.length}), ` +
        `once a second while the catalog changes, backing off to every 30 s; owner map of ${owners.size} workloads ${fmtP(ownersMs)}, once per overlay version or catalog change`,
    );
  } finally {
    await Promise.all(
      keys.map(k => redis.cache.delete(k).catch(() => undefined)),
    );
    await redis.close();
    await overlay.stop();
  }
  return lines.join('\n');
}

if (require.main === module) {
  runCacheBench({ onLine: line => process.stdout.write(`${line}\n`) }).then(
    () => process.exit(0),
    e => {
      process.stderr.write(`${e?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
