import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  buildOverlay,
  type ClusterSnapshot,
  type Connectivity,
  type Finding,
  type Overlay,
  type Policy,
  type WorkloadRef,
} from '@ytknetwork/common';
import type { ClusterSource, SourceHealth } from '../sources/ClusterSource';
import type { InputProblem } from '../sources/inputProblems';
import { indexConnections, type ConnectionIndex } from './connectionIndex';
import {
  compactConnectivity,
  type CompactConnectivity,
} from './compactConnectivity';
import { findingsOfPolicy } from '../router/views';
import { findingsByPolicy } from './policyFindings';
import { policySubjects } from './policySubjects';
import { indexPolicies, type PolicyIndex } from './policyIndex';
import { LintRunner } from './LintRunner';
import { lintCluster } from './lintPayload';
import { connectivityOf, deriveViews, type DerivedViews } from './derivedViews';
import { ViewRunner, type ViewComputer } from './ViewRunner';
import type { StoredPostureReport } from '../posture/postureView';
import {
  storedPostureReport,
  type PostureScope,
} from '../posture/storedReport';

/** Which overlay version a response was answered from, and how old it is. */
export interface ViewStatus {
  version: number;
  /** Milliseconds since the version was built from the clusters' snapshots. */
  ageMs: number;
  /** A newer version whose views are being computed (answers come from `version` meanwhile). */
  pending?: number;
  /** Set while some cluster's findings are an older version's (its lint is running): that version. */
  findingsVersion?: number;
}

export interface ClusterStatus extends SourceHealth {
  /** Seconds since the last successful sync. */
  stalenessSeconds?: number;
}

/**
 * Keeps the latest snapshot of every source and rebuilds the immutable,
 * versioned Overlay (debounced: a relist delivers many changes at once).
 * Derived results are cached per overlay version, so concurrent requests
 * share one computation and a new version invalidates them all.
 *
 * With `views: 'worker'` a new version is served only once its views are ready: its
 * connectivity and policy subjects derived in a worker thread (ViewRunner). Until then requests
 * get the previous version, and `viewStatus` says which and how old. Once served, every
 * cluster is linted for it in the lint worker; until a cluster's lint is done its findings are
 * the previous version's (`viewStatus().findingsVersion`), so no request waits for lint
 * either. The first version is served at once (there is no previous one); its views are
 * derived in the worker all the same and installed when done, unless a request derived them
 * first (on demand, as with `views: 'inline'`): the portal's first page, a while after start-up,
 * no longer computes the whole connectivity on the event loop.
 */
export class OverlayService {
  private readonly sources: ClusterSource[];
  private readonly logger: LoggerService;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  /** When the oldest change not yet in the overlay arrived. */
  private pendingSince?: number;
  private readonly snapshots = new Map<string, ClusterSnapshot>();
  private overlay: Overlay = { version: 0, clusters: [] };
  private version = 0;
  private timer?: NodeJS.Timeout;
  /**
   * Derived results by overlay version: a request that captured a version answers from that
   * version's views throughout, even when a newer one is served while it awaits. Collected
   * with the version once no request holds it.
   */
  private readonly caches = new WeakMap<Overlay, Map<string, unknown>>();
  private readonly listeners = new Set<(o: Overlay) => void>();
  private readonly linter: LintRunner;
  /** Derives views off the event loop; undefined with `views: 'inline'`. */
  private readonly computer?: ViewComputer;
  /** When each served overlay was built. */
  private readonly builtAt = new WeakMap<Overlay, number>();
  /** The newest version built and not yet served. */
  private pendingVersion?: number;
  /** Settles when the first version's views are derived in the worker (never rejects). */
  private firstViews?: Promise<void>;
  /** The snapshots each version was built from (what its workers' jobs carry). */
  private readonly snapshotsOf = new WeakMap<Overlay, ClusterSnapshot[]>();
  /** The snapshots the served overlay was built from: what its findings lint. */
  private get built(): ClusterSnapshot[] {
    return this.snapshotsOf.get(this.overlay) ?? [];
  }
  /** The newest findings linted of each cluster (worker mode: what answers while it lints). */
  private readonly lastFindings = new Map<
    string,
    { version: number; findings: Finding[] }
  >();

  static create(deps: {
    sources: ClusterSource[];
    logger: LoggerService;
    debounceMs?: number;
    /** Longest a rebuild waits under a steady stream of changes. Default 10 × debounceMs. */
    maxWaitMs?: number;
    /** Where views are derived (see the class comment). Default `inline`. */
    views?: 'worker' | 'inline';
    /** The worker mode's derivation; default a ViewRunner (tests pass their own). */
    viewComputer?: ViewComputer;
  }) {
    const computer =
      deps.views === 'worker'
        ? (deps.viewComputer ?? new ViewRunner(deps.logger))
        : undefined;
    return new OverlayService(
      deps.sources,
      deps.logger,
      deps.debounceMs,
      deps.maxWaitMs,
      computer,
    );
  }

  private constructor(
    sources: ClusterSource[],
    logger: LoggerService,
    debounceMs = 200,
    maxWaitMs: number | undefined = undefined,
    computer: ViewComputer | undefined = undefined,
  ) {
    this.sources = sources;
    this.logger = logger;
    this.debounceMs = debounceMs;
    this.maxWaitMs = maxWaitMs ?? debounceMs * 10;
    this.linter = new LintRunner(logger);
    this.computer = computer;
  }

  /** Starts every source; one failing to start does not stop the others. */
  async start(): Promise<void> {
    await Promise.all(
      this.sources.map(async s => {
        try {
          await s.start(snapshot => this.accept(snapshot));
        } catch (e) {
          this.logger.error(`ytk: cluster ${s.name} failed to start: ${e}`);
        }
      }),
    );
    // Build once now, so the first request never waits on the debounce.
    this.rebuild();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await Promise.all([
      ...this.sources.map(s => s.stop()),
      this.linter.close(),
      this.computer?.close(),
    ]);
  }

  /**
   * Settles once the first version's views are derived off the event loop (worker mode; at
   * once otherwise), or after `timeoutMs`: the plugin is ready then, so the first pages do not
   * derive a large overlay's connectivity on the event loop while the worker is still at it.
   */
  async viewsReady(timeoutMs: number): Promise<void> {
    if (!this.firstViews) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>(ok => {
      timer = setTimeout(() => ok(true), timeoutMs);
    });
    const timedOut = await Promise.race([
      this.firstViews.then(() => false),
      late,
    ]);
    clearTimeout(timer);
    if (timedOut)
      this.logger.warn(
        `ytk: the first overlay version's views took over ${timeoutMs} ms; serving meanwhile, requests derive what they need`,
      );
  }

  /** The overlay version served: the newest whose views are ready. */
  current(): Overlay {
    return this.overlay;
  }

  /** Version and age of `overlay` (default the one served), and the version being computed. */
  viewStatus(overlay: Overlay = this.overlay): ViewStatus {
    const builtAt = this.builtAt.get(overlay);
    let findingsVersion: number | undefined;
    if (overlay === this.overlay)
      for (const s of this.built) {
        const v = this.staleFindings(s.name)?.version;
        if (
          v !== undefined &&
          (findingsVersion === undefined || v < findingsVersion)
        )
          findingsVersion = v;
      }
    return {
      version: overlay.version,
      ageMs: builtAt === undefined ? 0 : Math.max(0, Date.now() - builtAt),
      ...(this.pendingVersion !== undefined &&
      this.pendingVersion > overlay.version
        ? { pending: this.pendingVersion }
        : {}),
      ...(findingsVersion !== undefined ? { findingsVersion } : {}),
    };
  }

  /** Calls back after every rebuild (tests and long polls). */
  onChange(listener: (o: Overlay) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The snapshot the current overlay was built from (for lint and policy YAML). */
  snapshot(cluster: string): ClusterSnapshot | undefined {
    return this.snapshots.get(cluster);
  }

  clusterNames(): string[] {
    return this.sources.map(s => s.name);
  }

  status(cluster: string): ClusterStatus | undefined {
    const source = this.sources.find(s => s.name === cluster);
    if (!source) return undefined;
    const h = source.health();
    // A connected source is watching: its view is current, whatever lastSync says.
    let stalenessSeconds: number | undefined;
    if (h.state === 'connected') stalenessSeconds = 0;
    else if (h.lastSync)
      stalenessSeconds = Math.max(
        0,
        Math.round((Date.now() - Date.parse(h.lastSync)) / 1000),
      );
    return { ...h, stalenessSeconds };
  }

  /**
   * Located decode problems of one cluster's last read, like status() straight from its
   * source; undefined for an unknown cluster.
   */
  inputProblems(cluster: string): InputProblem[] | undefined {
    const source = this.sources.find(s => s.name === cluster);
    if (!source) return undefined;
    return source.inputProblems?.() ?? [];
  }

  /**
   * Connectivity of the whole overlay (default the one served), with Istio's posture per
   * destination, once per version.
   */
  connectivity(overlay: Overlay = this.overlay): Connectivity {
    return this.cached('connectivity', () => connectivityOf(overlay), overlay);
  }

  /**
   * Lint findings of one cluster's objects against the overlay, once per version. Computed in
   * a worker thread (seconds of CPU for a large cluster): the event loop stays free meanwhile.
   */
  findings(cluster: string): Promise<Finding[]> {
    const overlay = this.overlay;
    const cache = this.cacheOf(overlay);
    const current = this.cached(`findings:${cluster}`, () =>
      this.lint(overlay, this.built, cluster).then(findings => {
        cache.set(`linted:${cluster}`, true);
        const last = this.lastFindings.get(cluster);
        if (!last || last.version <= overlay.version)
          this.lastFindings.set(cluster, {
            version: overlay.version,
            findings,
          });
        return findings;
      }),
    );
    const stale = this.staleFindings(cluster);
    return stale ? Promise.resolve(stale.findings) : current;
  }

  /** Worker mode: an older version's findings of a cluster whose lint for this one is running. */
  private staleFindings(cluster: string) {
    if (!this.computer || this.cacheOf(this.overlay).get(`linted:${cluster}`))
      return undefined;
    const last = this.lastFindings.get(cluster);
    return last && last.version < this.overlay.version ? last : undefined;
  }

  private lint(
    overlay: Overlay,
    snapshots: ClusterSnapshot[],
    cluster: string,
  ): Promise<Finding[]> {
    if (!snapshots.some(s => s.name === cluster)) return Promise.resolve([]);
    return this.linter
      .lint({
        version: overlay.version,
        cluster,
        snapshots,
        inProcess: () => lintCluster(overlay, snapshots, cluster),
      })
      .catch(e => {
        this.logger.warn(`ytk: lint of cluster ${cluster} failed: ${e}`);
        return [];
      });
  }

  /**
   * A posture scope's report over `overlay`. With views in a worker it is assessed in the lint
   * worker, behind the version's lint and with its findings (a second of CPU for a large team,
   * off the event loop); else, or for a version whose snapshots are gone, here with `findings`.
   */
  postureReport(
    overlay: Overlay,
    scope: PostureScope,
    findings: Finding[],
  ): Promise<StoredPostureReport> {
    const inProcess = () => storedPostureReport(overlay, scope, findings);
    const snapshots = this.snapshotsOf.get(overlay);
    if (!this.computer || !snapshots) return Promise.resolve().then(inProcess);
    return this.linter
      .posture({ version: overlay.version, scope, snapshots, inProcess })
      .catch(e => {
        this.logger.warn(
          `ytk: posture of ${scope.name} failed in the lint worker, assessing here: ${e}`,
        );
        return inProcess();
      });
  }

  /** Findings located in each policy of one cluster, by policy id, once per version. */
  async policyFindings(cluster: string): Promise<Map<string, Finding[]>> {
    const policies =
      this.overlay.clusters.find(c => c.name === cluster)?.policies ?? [];
    // By findings too: an older version's (worker mode, while linting) are mapped apart.
    const byFindings = this.cached(
      `policyFindings:${cluster}`,
      () => new WeakMap<Finding[], Map<string, Finding[]>>(),
    );
    const findings = await this.findings(cluster);
    let mapped = byFindings.get(findings);
    if (!mapped)
      byFindings.set(findings, (mapped = findingsByPolicy(policies, findings)));
    return mapped;
  }

  /** Findings located in one policy (of this or, in a race, an older version). */
  async findingsOf(policy: Policy): Promise<Finding[]> {
    return (
      (await this.policyFindings(policy.cluster)).get(policy.id) ??
      findingsOfPolicy(policy, await this.findings(policy.cluster))
    );
  }

  /** Workloads each policy selects, by policy id, once per version (default the one served). */
  policySubjects(overlay: Overlay = this.overlay): Map<string, WorkloadRef[]> {
    return this.cached(
      'policySubjects',
      () => policySubjects(overlay.clusters),
      overlay,
    );
  }

  /** Every policy in one list, and the policies selecting each workload, once per version. */
  policyIndex(overlay: Overlay = this.overlay): PolicyIndex {
    return this.cached(
      'policyIndex',
      () => indexPolicies(overlay.clusters, this.policySubjects(overlay)),
      overlay,
    );
  }

  /** The connectivity's connections by workload, once per version. */
  connectionIndex(overlay: Overlay = this.overlay): ConnectionIndex {
    return this.cached(
      'connectionIndex',
      () => indexConnections(this.compactConnectivity(overlay)),
      overlay,
    );
  }

  /** The connectivity as typed arrays over an endpoint table, once per version. */
  compactConnectivity(overlay: Overlay = this.overlay): CompactConnectivity {
    return this.cached(
      'compactConnectivity',
      () => compactConnectivity(this.connectivity(overlay).connections),
      overlay,
    );
  }

  async allFindings(): Promise<Finding[]> {
    const all = await Promise.all(
      this.overlay.clusters.map(c => this.findings(c.name)),
    );
    return all.flat();
  }

  /** Memoizes a derived result of an overlay version (default the one served). */
  cached<T>(key: string, compute: () => T, overlay: Overlay = this.overlay): T {
    const cache = this.cacheOf(overlay);
    if (!cache.has(key)) cache.set(key, compute());
    return cache.get(key) as T;
  }

  private cacheOf(overlay: Overlay): Map<string, unknown> {
    let cache = this.caches.get(overlay);
    if (!cache) this.caches.set(overlay, (cache = new Map()));
    return cache;
  }

  private accept(snapshot: ClusterSnapshot) {
    this.snapshots.set(snapshot.name, snapshot);
    // Debounced, so a burst (a relist, every cluster's first list) is one rebuild;
    // bounded, so a steady stream of changes still reaches the API.
    const now = Date.now();
    this.pendingSince ??= now;
    const wait = Math.min(
      this.debounceMs,
      Math.max(0, this.pendingSince + this.maxWaitMs - now),
    );
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rebuild(), wait);
  }

  private rebuild() {
    clearTimeout(this.timer);
    this.pendingSince = undefined;
    // A failed source keeps its last good snapshot; its health marks it stale.
    const snapshots = this.sources.flatMap(s => {
      const snap = this.snapshots.get(s.name);
      if (!snap) return [];
      const h = s.health();
      return [{ ...snap, health: { ...h } }];
    });
    let next: Overlay;
    const builtAt = Date.now();
    try {
      next = Object.freeze(
        buildOverlay(snapshots, { version: ++this.version }),
      ) as Overlay;
    } catch (e) {
      this.logger.error(`ytk: overlay rebuild failed: ${e}`);
      return;
    }
    this.builtAt.set(next, builtAt);
    this.snapshotsOf.set(next, snapshots);
    if (!this.computer || this.overlay.version === 0) {
      const cache = new Map<string, unknown>();
      this.serve(next, cache);
      if (this.computer)
        this.firstViews ??= this.warm(this.computer, next, snapshots, cache);
      return;
    }
    this.pendingVersion = next.version;
    void this.prepare(this.computer, next, snapshots);
  }

  /** Derives the views of a version already served off the event loop, for its later requests. */
  private async warm(
    computer: ViewComputer,
    served: Overlay,
    snapshots: ClusterSnapshot[],
    cache: Map<string, unknown>,
  ) {
    try {
      const views = await computer.compute(this.viewJob(served, snapshots));
      if (views) installViews(cache, views); // else superseded by a newer version's
    } catch (e) {
      // Nothing lost: requests derive them on demand.
      this.logger.warn(
        `ytk: overlay views of version ${served.version} failed: ${e}`,
      );
    }
  }

  /** Derives a version's views off the event loop, then serves it. */
  private async prepare(
    computer: ViewComputer,
    next: Overlay,
    snapshots: ClusterSnapshot[],
  ) {
    const cache = new Map<string, unknown>();
    try {
      const views = await computer.compute(this.viewJob(next, snapshots));
      // Superseded: a newer version is on its way (or already served).
      if (!views || next.version <= this.overlay.version) return;
      installViews(cache, views);
    } catch (e) {
      // Served all the same: its views are then derived on demand, as with `inline`.
      this.logger.error(
        `ytk: overlay views of version ${next.version} failed: ${e}`,
      );
      if (next.version <= this.overlay.version) return;
    }
    this.serve(next, cache);
    // Lint every cluster for it now, not on the first request that needs findings.
    for (const s of snapshots) void this.findings(s.name);
  }

  /** The derivation of a version's views, in the worker or (without one) on this thread. */
  private viewJob(overlay: Overlay, snapshots: ClusterSnapshot[]) {
    return {
      version: overlay.version,
      snapshots,
      inProcess: () => deriveViews(overlay),
    };
  }

  private serve(next: Overlay, cache: Map<string, unknown>) {
    this.overlay = next;
    this.caches.set(next, cache);
    if (
      this.pendingVersion !== undefined &&
      this.pendingVersion <= next.version
    )
      this.pendingVersion = undefined;
    for (const l of this.listeners) l(this.overlay);
  }
}

/**
 * A version's derived views into its cache. What a request derived meanwhile stays: answers
 * hold on to its identity (per-connectivity caches are keyed by it).
 */
function installViews(cache: Map<string, unknown>, views: DerivedViews) {
  // The compact form and index are positions into the connectivity they were made of.
  if (!cache.has('connectivity')) {
    cache.set('connectivity', views.connectivity);
    if (!cache.has('compactConnectivity'))
      cache.set('compactConnectivity', views.compact);
    if (!cache.has('connectionIndex'))
      cache.set('connectionIndex', views.index);
  }
  if (!cache.has('policySubjects')) cache.set('policySubjects', views.subjects);
}
