import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import {
  FlowAggregator,
  type FlowSourceHealth,
  type ObservedFlow,
  type Overlay,
} from '@ytknetwork/common';
import type { YtkConfig } from '../config';
import type { OverlayService } from '../overlay/OverlayService';
import type { InputProblem } from '../sources/inputProblems';
import { BoundedQueue } from './BoundedQueue';
import { FlowHealth } from './FlowHealth';
import type { FlowLease } from './FlowLease';
import type { FlowStore } from './FlowStore';
import { HubbleRelaySource } from './HubbleRelaySource';
import { RecordedFlowSource } from './RecordedFlowSource';

/** Stored aggregates are hourly: a window is exact to the hour, retention prunes whole hours. */
export const FLOW_BUCKET_MS = 60 * 60 * 1000;
/** Flows taken from the queue per aggregation step before yielding to the event loop. */
const BATCH = 1000;

/** How long a cluster's relay lease lasts without renewal (renewed every third of it). */
export const DEFAULT_LEASE_TTL_MS = 30_000;

interface Pipeline {
  cluster: string;
  health: FlowHealth;
  /** Relay: creates a source (a new one each time this instance takes the lease). */
  newRelay?: () => HubbleRelaySource;
  relay?: HubbleRelaySource;
  /** Relay, when another instance holds the lease: the health it last stored. */
  standby?: FlowSourceHealth;
  recorded?: RecordedFlowSource;
  queue?: BoundedQueue<ObservedFlow>;
  aggregator?: FlowAggregator;
  /** The overlay the aggregator attributes against, and when this process first saw it. */
  overlay?: Overlay;
  overlayTime?: string;
}

/**
 * Observed flows per cluster (docs/observed-flows.md): each configured source (Hubble Relay or a
 * recorded file) feeds a bounded queue, drained into a bounded FlowAggregator that attributes
 * against the current overlay; every `flushInterval` (or when the aggregator is full) the
 * aggregates are merged into the database. Memory per cluster is bounded by `queueSize` flows and
 * `maxAggregates` aggregates; flows beyond either are dropped and counted in the health.
 */
export class FlowIngestion {
  private readonly pipelines = new Map<string, Pipeline>();
  private timer?: NodeJS.Timeout;
  private readonly abort = new AbortController();
  private consumers: Promise<void>[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      config: YtkConfig;
      store: FlowStore;
      overlay: OverlayService;
      logger: LoggerService;
      /** Per-cluster relay leases (several replicas: one streams each cluster). */
      lease?: FlowLease;
      leaseTtlMs?: number;
    },
  ) {
    const { config } = deps;
    for (const c of config.clusters) {
      const h = c.hubble;
      if (!h) {
        this.pipelines.set(c.name, {
          cluster: c.name,
          health: new FlowHealth('none', 'none'),
        });
        continue;
      }
      if (h.kind === 'disabled') {
        this.pipelines.set(c.name, {
          cluster: c.name,
          health: new FlowHealth('disabled', 'none'),
        });
        continue;
      }
      const p: Pipeline = {
        cluster: c.name,
        health: new FlowHealth(
          h.kind === 'relay' ? 'connecting' : 'recorded',
          h.kind === 'relay' ? 'relay' : 'recorded',
        ),
      };
      if (h.kind === 'relay') {
        const queue = new BoundedQueue<ObservedFlow>(config.flows.queueSize);
        p.queue = queue;
        p.newRelay = () =>
          new HubbleRelaySource({
            cluster: c.name,
            address: h.address,
            tls: h.tls,
            queue,
            health: p.health,
            reconnect: config.flows.reconnect,
            logger: deps.logger,
          });
      } else {
        p.recorded = new RecordedFlowSource({
          cluster: c.name,
          file: path.resolve(h.recorded),
          health: p.health,
          store: deps.store,
          logger: deps.logger,
          sink: async flows => {
            for (let i = 0; i < flows.length; i += BATCH) {
              await this.aggregate(p, flows.slice(i, i + BATCH));
              await new Promise(setImmediate);
            }
            await this.flush();
          },
        });
      }
      this.pipelines.set(c.name, p);
    }
  }

  /** Health of a cluster's flow source (`none` for a cluster without `hubble`). */
  health(cluster: string): FlowSourceHealth {
    const p = this.pipelines.get(cluster);
    if (!p) return new FlowHealth('none', 'none').view();
    if (p.newRelay && !p.relay && p.standby)
      return { ...p.standby, standby: true };
    return p.health.view();
  }

  /** Located problems of a recorded file (lines that are not flows). */
  inputProblems(cluster: string): InputProblem[] {
    return this.pipelines.get(cluster)?.recorded?.inputProblems() ?? [];
  }

  async start(): Promise<void> {
    const every = durationToMilliseconds(this.deps.config.flows.flushInterval);
    this.timer = setInterval(() => void this.flush(), every);
    this.timer.unref?.();
    for (const p of this.pipelines.values()) {
      if (p.newRelay) {
        this.consumers.push(this.consume(p));
        this.consumers.push(this.holdLease(p));
      }
    }
    // A recorded file is replayed in the background: startup does not wait for it.
    for (const p of this.pipelines.values()) {
      if (p.recorded)
        this.consumers.push(
          p.recorded
            .start()
            .catch(e =>
              this.deps.logger.error(
                `ytk: recorded flows of cluster ${p.cluster}: ${(e as Error).message}`,
              ),
            ),
        );
    }
  }

  async stop(): Promise<void> {
    // Abort first: no lease loop starts a relay after this.
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    // Streams end before the consumers take what is left in their queues.
    await Promise.all(
      [...this.pipelines.values()].map(async p => {
        if (!p.relay) return;
        const r = p.relay;
        p.relay = undefined;
        await r.stop();
        await this.deps.lease?.release(p.cluster).catch(() => undefined);
      }),
    );
    await Promise.all(this.consumers);
    await this.flush();
  }

  /**
   * Streams a relay cluster while this instance holds its lease (always, without a lease store):
   * takes or renews it every third of its lifetime, stops streaming when another instance has
   * it. A new holder starts from the relay's present; flows between the old holder's last flush
   * and the takeover are not counted.
   */
  private async holdLease(p: Pipeline): Promise<void> {
    const { lease, logger } = this.deps;
    const ttl = this.deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      let held = !lease;
      if (lease) {
        try {
          const r = await lease.acquire(p.cluster, ttl, p.health.view());
          held = r.held;
          p.standby = r.held ? undefined : r.health;
        } catch (e) {
          // The database is unreachable: keep doing what we did.
          held = !!p.relay;
          logger.warn(
            `ytk: flow lease of cluster ${p.cluster}: ${(e as Error).message}`,
          );
        }
      }
      if (held && !p.relay && !signal.aborted) {
        p.relay = p.newRelay!();
        p.relay.start();
      } else if (!held && p.relay) {
        logger.info(
          `ytk: another instance streams the flows of cluster ${p.cluster} now`,
        );
        const r = p.relay;
        p.relay = undefined;
        await r.stop();
        await this.flush();
      }
      if (!lease || signal.aborted) return;
      await new Promise<void>(resolve => {
        let t: NodeJS.Timeout | undefined = undefined;
        const done = () => {
          if (t) clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        };
        t = setTimeout(done, ttl / 3);
        signal.addEventListener('abort', done);
      });
    }
  }

  /** Merges every cluster's aggregates into the database (one flush at a time). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      for (const p of this.pipelines.values()) {
        if (!p.aggregator?.size) continue;
        const drained = p.aggregator.drain();
        if (drained.overflow.flows) p.health.dropped(drained.overflow.flows);
        try {
          await this.deps.store.merge(p.cluster, drained.aggregates);
        } catch (e) {
          // The aggregates of this flush are lost; the stream goes on.
          this.deps.logger.error(
            `ytk: storing observed flows of cluster ${p.cluster}: ${(e as Error).message}`,
          );
        }
      }
    });
    return this.flushing;
  }

  /** The aggregator for the current overlay: a new overlay version flushes the old one first. */
  private aggregatorOf(p: Pipeline): FlowAggregator {
    const overlay = this.deps.overlay.current();
    if (p.aggregator && p.overlay === overlay) return p.aggregator;
    const old = p.aggregator;
    p.overlay = overlay;
    p.overlayTime = new Date().toISOString();
    p.aggregator = new FlowAggregator(overlay, {
      defaultCluster: p.cluster,
      overlayTime: p.overlayTime,
      maxKeys: this.deps.config.flows.maxAggregates,
      bucketMs: FLOW_BUCKET_MS,
    });
    if (old?.size) {
      const drained = old.drain();
      void (this.flushing = this.flushing.then(() =>
        this.deps.store
          .merge(p.cluster, drained.aggregates)
          .catch(e =>
            this.deps.logger.error(
              `ytk: storing observed flows of cluster ${p.cluster}: ${(e as Error).message}`,
            ),
          ),
      ));
    }
    return p.aggregator;
  }

  private async aggregate(p: Pipeline, flows: ObservedFlow[]): Promise<void> {
    const agg = this.aggregatorOf(p);
    agg.addAll(flows);
    // Full before the next tick: flush now rather than count flows as overflow.
    if (agg.size >= this.deps.config.flows.maxAggregates * 0.9)
      await this.flush();
  }

  /** Drains a relay's queue into aggregation as flows arrive. */
  private async consume(p: Pipeline): Promise<void> {
    const signal = this.abort.signal;
    const queue = p.queue!;
    while (!signal.aborted) {
      await queue.whenReady(signal);
      if (signal.aborted) break;
      await this.aggregate(p, queue.take(BATCH));
      // Let the stream deliver between batches.
      await new Promise(setImmediate);
    }
    const rest = queue.take();
    if (rest.length) await this.aggregate(p, rest);
  }
}
