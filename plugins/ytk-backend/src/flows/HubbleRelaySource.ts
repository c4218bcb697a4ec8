import fs from 'node:fs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import * as grpc from '@grpc/grpc-js';
import type { ObservedFlow } from '@ytknetwork/common';
import type { HubbleTlsConfig } from '../config';
import type { BoundedQueue } from './BoundedQueue';
import type { FlowHealth } from './FlowHealth';
import {
  nanosToTimestamp,
  observedFromProto,
  timestampNanos,
} from './fromProto';
import {
  observerService,
  type GetFlowsRequest,
  type GetFlowsResponse,
  type ObserverClient,
  type ServerStatusResponse,
} from './hubbleProto';

/** Uuids remembered at the resume point, to skip the flows Hubble sends again after `since`. */
const MAX_RESUME_UUIDS = 4096;
const STATUS_DEADLINE_MS = 10_000;

export interface HubbleRelaySourceOptions {
  cluster: string;
  address: string;
  tls?: HubbleTlsConfig;
  queue: BoundedQueue<ObservedFlow>;
  health: FlowHealth;
  reconnect: { minMs: number; maxMs: number };
  logger: LoggerService;
  /** For tests: the jitter source (default Math.random). */
  random?: () => number;
}

function credentials(
  tls: HubbleTlsConfig | undefined,
): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  const read = (inline?: string, file?: string): Buffer | null => {
    if (inline) return Buffer.from(inline);
    return file ? fs.readFileSync(file) : null;
  };
  return grpc.credentials.createSsl(
    read(tls.ca, tls.caFile),
    read(tls.key, tls.keyFile),
    read(tls.cert, tls.certFile),
  );
}

/** Backoff before attempt `n` (1-based): doubling from minMs, capped at maxMs, with full jitter in its upper half. */
export function backoffDelay(
  attempt: number,
  r: { minMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const base = Math.min(r.maxMs, r.minMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * Streams one cluster's flows from Hubble Relay: Observer.ServerStatus, then Observer.GetFlows
 * with `follow: true`, into a bounded queue (a full queue drops the flow and counts it). When
 * the stream fails or ends it reconnects after a jittered, doubling, capped delay, asking for
 * the flows `since` the last one received; flows at or before that point that were already
 * received (same time, same uuid) are skipped, so a reconnect counts nothing twice unless Hubble
 * resends a flow without a uuid at exactly the resume time.
 */
export class HubbleRelaySource {
  private stopped = false;
  private client?: ObserverClient;
  private call?: grpc.ClientReadableStream<GetFlowsResponse>;
  private wake?: () => void;
  private loop?: Promise<void>;
  /** Time (ns) of the latest flow received, and the uuids of the flows at exactly that time. */
  private lastNanos?: bigint;
  private lastUuids = new Set<string>();
  /** The resume point of the current stream: flows Hubble sends again from there are skipped. */
  private resumeNanos?: bigint;
  private resumeUuids = new Set<string>();

  constructor(private readonly o: HubbleRelaySourceOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.call?.cancel();
    this.client?.close();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { health, logger, cluster } = this.o;
    while (!this.stopped) {
      health.connecting();
      let error: string;
      try {
        await this.once();
        error = 'the stream ended';
      } catch (e) {
        error = (e as Error).message;
      }
      this.client?.close();
      this.client = undefined;
      if (this.stopped) return;
      const delay = backoffDelay(
        health.view().attempts + 1,
        this.o.reconnect,
        this.o.random,
      );
      health.failed(error, new Date(Date.now() + delay));
      logger.warn(
        `ytk: Hubble Relay of cluster ${cluster} (${this.o.address}): ${error}; reconnecting in ${delay} ms`,
      );
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private status(client: ObserverClient): Promise<ServerStatusResponse> {
    return new Promise((resolve, reject) => {
      client.ServerStatus(
        {},
        { deadline: Date.now() + STATUS_DEADLINE_MS },
        (err, res) => (err ? reject(err) : resolve(res ?? {})),
      );
    });
  }

  /** One connection: resolves when the stream ends, rejects when it fails. */
  private async once(): Promise<void> {
    const { Client } = observerService();
    const options: grpc.ChannelOptions = this.o.tls?.serverName
      ? { 'grpc.ssl_target_name_override': this.o.tls.serverName }
      : {};
    const client = new Client(this.o.address, credentials(this.o.tls), options);
    this.client = client;
    const status = await this.status(client);
    if (this.stopped) return;
    const req: GetFlowsRequest = { follow: true };
    if (this.lastNanos !== undefined)
      req.since = nanosToTimestamp(this.lastNanos);
    this.resumeNanos = this.lastNanos;
    this.resumeUuids = new Set(this.lastUuids);
    const call = client.GetFlows(req);
    this.call = call;
    this.o.health.connected(status.version);
    this.o.logger.info(
      `ytk: streaming flows of cluster ${this.o.cluster} from Hubble Relay ${this.o.address}${status.version ? ` (${status.version})` : ''}`,
    );
    await new Promise<void>((resolve, reject) => {
      call.on('data', (res: GetFlowsResponse) => this.receive(res));
      call.on('error', (e: grpc.ServiceError) => {
        if (this.stopped && e.code === grpc.status.CANCELLED) resolve();
        else reject(new Error(`GetFlows: ${e.details || e.message}`));
      });
      call.on('end', () => resolve());
    });
  }

  private receive(res: GetFlowsResponse): void {
    if (!res.flow) return; // node_status, lost_events
    const flow = res.flow;
    const t = timestampNanos(flow.time as any) ?? timestampNanos(res.time);
    const uuid =
      typeof flow.uuid === 'string' && flow.uuid ? flow.uuid : undefined;
    if (t !== undefined && this.resumeNanos !== undefined) {
      // Received before the reconnect: Hubble answers `since` with the flows at that time too.
      if (t < this.resumeNanos) return;
      if (t === this.resumeNanos && uuid && this.resumeUuids.has(uuid)) return;
    }
    if (t !== undefined) {
      if (this.lastNanos === undefined || t > this.lastNanos) {
        this.lastNanos = t;
        this.lastUuids = new Set();
      }
      if (uuid && this.lastUuids.size < MAX_RESUME_UUIDS)
        this.lastUuids.add(uuid);
    }
    const observed = observedFromProto(flow, res.time);
    this.o.health.flowSeen(observed.time);
    if (!this.o.queue.offer(observed)) this.o.health.dropped();
  }
}
