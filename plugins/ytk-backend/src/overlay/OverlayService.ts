import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  annotateIstio,
  buildOverlay,
  computeConnectivity,
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
import { LintRunner } from './LintRunner';
import { lintCluster, toPayload } from './lintPayload';

export interface ClusterStatus extends SourceHealth {
  /** Seconds since the last successful sync. */
  stalenessSeconds?: number;
}

/**
 * Keeps the latest snapshot of every source and rebuilds the immutable,
 * versioned Overlay (debounced: a relist delivers many changes at once).
 * Derived results are cached per overlay version, so concurrent requests
 * share one computation and a new version invalidates them all.
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
  /** The snapshots `overlay` was built from: what its findings lint. */
  private built: ClusterSnapshot[] = [];
  private version = 0;
  private timer?: NodeJS.Timeout;
  private cache = new Map<string, unknown>();
  private readonly listeners = new Set<(o: Overlay) => void>();
  private readonly linter: LintRunner;

  static create(deps: {
    sources: ClusterSource[];
    logger: LoggerService;
    debounceMs?: number;
    /** Longest a rebuild waits under a steady stream of changes. Default 10 × debounceMs. */
    maxWaitMs?: number;
  }) {
    return new OverlayService(
      deps.sources,
      deps.logger,
      deps.debounceMs,
      deps.maxWaitMs,
    );
  }

  private constructor(
    sources: ClusterSource[],
    logger: LoggerService,
    debounceMs = 200,
    maxWaitMs?: number,
  ) {
    this.sources = sources;
    this.logger = logger;
    this.debounceMs = debounceMs;
    this.maxWaitMs = maxWaitMs ?? debounceMs * 10;
    this.linter = new LintRunner(logger);
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
    ]);
  }

  current(): Overlay {
    return this.overlay;
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

  /** Connectivity of the whole overlay, with Istio's posture per destination, once per version. */
  connectivity(): Connectivity {
    return this.cached('connectivity', () => {
      const c = computeConnectivity(this.overlay);
      return { ...c, connections: annotateIstio(this.overlay, c.connections) };
    });
  }

  /**
   * Lint findings of one cluster's objects against the overlay, once per version. Computed in
   * a worker thread (seconds of CPU for a large cluster): the event loop stays free meanwhile.
   */
  findings(cluster: string): Promise<Finding[]> {
    return this.cached(`findings:${cluster}`, () => {
      const overlay = this.overlay;
      const snapshots = this.built;
      if (!snapshots.some(s => s.name === cluster)) return Promise.resolve([]);
      return this.linter
        .lint({
          version: overlay.version,
          cluster,
          payload: () => toPayload(overlay.version, snapshots),
          inProcess: () => lintCluster(overlay, snapshots, cluster),
        })
        .catch(e => {
          this.logger.warn(`ytk: lint of cluster ${cluster} failed: ${e}`);
          return [];
        });
    });
  }

  /** Findings located in each policy of one cluster, by policy id, once per version. */
  policyFindings(cluster: string): Promise<Map<string, Finding[]>> {
    return this.cached(`policyFindings:${cluster}`, async () =>
      findingsByPolicy(
        this.overlay.clusters.find(c => c.name === cluster)?.policies ?? [],
        await this.findings(cluster),
      ),
    );
  }

  /** Findings located in one policy (of this or, in a race, an older version). */
  async findingsOf(policy: Policy): Promise<Finding[]> {
    return (
      (await this.policyFindings(policy.cluster)).get(policy.id) ??
      findingsOfPolicy(policy, await this.findings(policy.cluster))
    );
  }

  /** Workloads each policy selects, by policy id, once per version. */
  policySubjects(): Map<string, WorkloadRef[]> {
    return this.cached('policySubjects', () =>
      policySubjects(this.overlay.clusters),
    );
  }

  /** The connectivity's connections by workload, once per version. */
  connectionIndex(): ConnectionIndex {
    return this.cached('connectionIndex', () =>
      indexConnections(this.connectivity().connections),
    );
  }

  /** The connectivity as typed arrays over an endpoint table, once per version. */
  compactConnectivity(): CompactConnectivity {
    return this.cached('compactConnectivity', () =>
      compactConnectivity(this.connectivity().connections),
    );
  }

  async allFindings(): Promise<Finding[]> {
    const all = await Promise.all(
      this.overlay.clusters.map(c => this.findings(c.name)),
    );
    return all.flat();
  }

  /** Memoizes a derived result for the current overlay version. */
  cached<T>(key: string, compute: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, compute());
    return this.cache.get(key) as T;
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
    try {
      const next = buildOverlay(snapshots, { version: ++this.version });
      this.overlay = Object.freeze(next) as Overlay;
      this.built = snapshots;
      this.cache = new Map();
      for (const l of this.listeners) l(this.overlay);
    } catch (e) {
      this.logger.error(`ytk: overlay rebuild failed: ${e}`);
    }
  }
}
