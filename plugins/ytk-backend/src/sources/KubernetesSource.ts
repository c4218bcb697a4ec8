import { setMaxListeners } from 'node:events';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  KubeConfig,
  ListWatch,
  type KubernetesObject,
} from '@kubernetes/client-node';
import {
  decodeObject,
  type ClusterSnapshot,
  type DecodedResource,
  type KubeObject,
  type UnknownObject,
} from '@ytknetwork/common';
import type { ClusterConfig } from '../config';
import type { ClusterSource, SourceHealth } from './ClusterSource';
import { locateObjectProblems, type InputProblem } from './inputProblems';
import { kubeConfigFor, listRaw, StoppableWatch } from './kubeClient';
import { kindLabel, WATCHED_KINDS, type WatchedKind } from './watchedKinds';

export { WATCHED_KINDS } from './watchedKinds';

export interface KubernetesSourceOptions {
  cluster: ClusterConfig;
  logger: LoggerService;
  /**
   * Debounce of snapshot emission after changes. Default 10 ms: enough to make one snapshot of
   * a burst of informer events (a relist); the overlay's own debounce (`ytk.overlay.debounceMs`)
   * coalesces across clusters, so a longer wait here only delays every watch event.
   */
  debounceMs?: number;
  /** First retry delay after a failure; doubles up to maxBackoffMs, with jitter. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Retry delay for a kind whose CRD is not installed. Default 60 s. */
  unavailableRetryMs?: number;
  /** Timeout of one list request. Default 30 s. */
  requestTimeoutMs?: number;
}

/** One kind's informer and where it stands. */
interface KindState {
  spec: WatchedKind;
  informer: ListWatch<KubernetesObject>;
  /** Listed and watching. */
  ready: boolean;
  unavailable: boolean;
  error?: string;
  errors: number;
  attempt: number;
}

const statusOf = (err: unknown): number | undefined => {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { statusCode?: unknown; code?: unknown };
  if (typeof e.statusCode === 'number') return e.statusCode;
  return typeof e.code === 'number' ? e.code : undefined;
};

const messageOf = (err: unknown) =>
  err instanceof Error ? err.message : String(err);

/**
 * A live cluster: list + watch of every kind ytk reads, through
 * @kubernetes/client-node's ListWatch (which resumes a watch from the last
 * resourceVersion and relists on 410). A failed kind is restarted with
 * jittered exponential backoff; a 404 on an optional CRD marks that kind
 * unavailable without failing the cluster. While any kind is failing the
 * source keeps its last complete snapshot and reports stale.
 */
export class KubernetesSource implements ClusterSource {
  readonly name: string;
  private readonly options: KubernetesSourceOptions;
  private readonly kinds: KindState[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private emitTimer?: NodeJS.Timeout;
  private onSnapshot?: (snapshot: ClusterSnapshot) => void;
  private lastSync?: string;
  private stopped = false;
  private watch?: StoppableWatch;
  private readonly aborter = new AbortController();
  /**
   * Decoded form of each informer object. The informer replaces an object when it
   * changes, so an object seen before decodes the same: a watch event re-decodes
   * one object, not the whole cluster.
   */
  private readonly decoded = new WeakMap<
    KubernetesObject,
    {
      resources: DecodedResource<KubeObject | UnknownObject>[];
      problems: InputProblem[];
    }
  >();
  /** Decode problems of the last emitted snapshot's objects. */
  private problems: InputProblem[] = [];

  constructor(options: KubernetesSourceOptions) {
    this.name = options.cluster.name;
    this.options = options;
    // One listener per in-flight list (a kind each): more than Node's default 10.
    setMaxListeners(WATCHED_KINDS.length + 5, this.aborter.signal);
  }

  async start(onSnapshot: (snapshot: ClusterSnapshot) => void): Promise<void> {
    this.onSnapshot = onSnapshot;
    const kc = kubeConfigFor(this.options.cluster);
    const watch = new StoppableWatch(kc);
    this.watch = watch;
    for (const spec of WATCHED_KINDS)
      this.kinds.push(this.informer(kc, watch, spec));
    // Not awaited: a slow or down cluster must not hold up plugin start-up.
    for (const k of this.kinds) void this.run(k);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.emitTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.aborter.abort();
    await Promise.all(this.kinds.map(k => k.informer.stop()));
    this.watch?.stopAll();
  }

  health(): SourceHealth {
    const failing = this.kinds.filter(k => k.error !== undefined);
    const settled = this.kinds.every(k => k.ready || k.unavailable);
    let state: SourceHealth['state'] = 'unknown';
    if (failing.length) state = this.lastSync ? 'stale' : 'failed';
    else if (settled && this.lastSync) state = 'connected';
    return {
      state,
      ...(this.lastSync ? { lastSync: this.lastSync } : {}),
      ...(failing.length
        ? { lastError: `${kindLabel(failing[0].spec)}: ${failing[0].error}` }
        : {}),
      unavailableKinds: this.kinds
        .filter(k => k.unavailable)
        .map(k => kindLabel(k.spec))
        .sort(),
    };
  }

  /**
   * The same decoder as files (`decodeObject`, the engine's per-object policy), but an API
   * object has no file: problems are located by the object (kind, namespace, name), without
   * line or column.
   */
  inputProblems(): InputProblem[] {
    return this.problems;
  }

  private informer(
    kc: KubeConfig,
    watch: StoppableWatch,
    spec: WatchedKind,
  ): KindState {
    const informer = new ListWatch<KubernetesObject>(
      spec.path,
      watch,
      () =>
        listRaw(kc, spec.path, {
          fieldSelector: spec.fieldSelector,
          timeoutMs: this.options.requestTimeoutMs,
          signal: this.aborter.signal,
        }),
      false,
      undefined,
      spec.fieldSelector,
    );
    const state: KindState = {
      spec,
      informer,
      ready: false,
      unavailable: false,
      errors: 0,
      attempt: 0,
    };
    const changed = () => {
      // An event proves the stream is live: the view is current as of now.
      if (state.ready && !state.error) this.lastSync = new Date().toISOString();
      this.scheduleEmit();
    };
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('error', err => this.failed(state, err));
    return state;
  }

  /**
   * Starts (or restarts) one informer. ListWatch reports every failure through
   * its error callback and then stops, so a start that resolves with no new
   * error means the list succeeded and the watch is open.
   */
  private async run(k: KindState): Promise<void> {
    if (this.stopped) return;
    const before = k.errors;
    try {
      await k.informer.start();
    } catch (err) {
      this.failed(k, err);
      return;
    }
    if (this.stopped || k.errors !== before) return;
    k.ready = true;
    k.unavailable = false;
    k.error = undefined;
    k.attempt = 0;
    this.scheduleEmit();
  }

  private failed(k: KindState, err: unknown) {
    if (this.stopped) return;
    k.errors++;
    k.ready = false;
    const status = statusOf(err);
    let delay: number;
    if (
      k.spec.optional &&
      (status === 404 || (status === 403 && k.spec.forbiddenMeansAbsent))
    ) {
      // The CRD is not installed (or was removed), or the product's namespace holds no Role
      // for us: nothing to read, not a failure.
      k.unavailable = true;
      k.error = undefined;
      delay = this.options.unavailableRetryMs ?? 60_000;
    } else {
      const message = messageOf(err);
      if (k.error !== message) {
        this.options.logger.warn(
          `ytk: cluster ${this.name}: ${kindLabel(k.spec)}: ${message}`,
        );
      }
      k.error = message;
      const base = this.options.initialBackoffMs ?? 500;
      const max = this.options.maxBackoffMs ?? 30_000;
      delay =
        Math.min(max, base * 2 ** k.attempt++) * (0.5 + Math.random() / 2);
    }
    this.scheduleEmit();
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.run(k);
    }, delay);
    this.timers.add(t);
  }

  private scheduleEmit() {
    if (this.stopped) return;
    clearTimeout(this.emitTimer);
    this.emitTimer = setTimeout(
      () => this.emit(),
      this.options.debounceMs ?? 10,
    );
  }

  private emit() {
    if (this.stopped) return;
    // Only complete views: every kind listed (or known absent), none failing.
    // Otherwise the overlay keeps the last good snapshot and health says stale.
    if (!this.kinds.every(k => (k.ready && !k.error) || k.unavailable)) return;
    this.lastSync = new Date().toISOString();
    try {
      const { resources, problems } = this.decodeAll();
      this.problems = problems;
      this.onSnapshot?.({
        name: this.name,
        resources,
        health: this.health(),
        ...(this.options.cluster.hostNetwork
          ? { hostNetwork: this.options.cluster.hostNetwork }
          : {}),
      });
    } catch (e) {
      this.options.logger.error(
        `ytk: cluster ${this.name}: cannot build a snapshot: ${messageOf(e)}`,
      );
    }
  }

  private decodeAll(): {
    resources: DecodedResource<KubeObject | UnknownObject>[];
    problems: InputProblem[];
  } {
    const resources: DecodedResource<KubeObject | UnknownObject>[] = [];
    const problems: InputProblem[] = [];
    for (const k of this.kinds) {
      if (k.unavailable) continue;
      for (const raw of k.informer.list()) {
        // List items and watch objects carry no apiVersion/kind: restore them.
        const value = () => ({
          ...raw,
          apiVersion: k.spec.apiVersion,
          kind: k.spec.kind,
        });
        let decoded = this.decoded.get(raw);
        if (!decoded) {
          const uri = `k8s://${this.name}/${k.spec.kind}/${raw.metadata?.namespace ?? '_'}/${raw.metadata?.name}`;
          const result = decodeObject(value(), uri);
          decoded = {
            resources: result.resources,
            problems: locateObjectProblems(
              result.problems,
              result.resources[0],
              {
                kind: k.spec.kind,
                ...(raw.metadata?.namespace
                  ? { namespace: raw.metadata.namespace }
                  : {}),
                name: raw.metadata?.name ?? '',
              },
            ),
          };
          this.decoded.set(raw, decoded);
        }
        resources.push(...decoded.resources);
        problems.push(...decoded.problems);
      }
    }
    return { resources, problems };
  }
}
