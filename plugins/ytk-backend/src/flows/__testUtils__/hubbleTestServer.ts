/*
 * A real gRPC server implementing Hubble's Observer.ServerStatus and Observer.GetFlows (follow,
 * since) over the vendored protos, fed with flows in Hubble's JSON form (`hubble observe -o
 * jsonpb` lines, decoded by decodeHubbleFlows). Tests drive the backend's real client against it:
 * push flows, reset the open streams mid-stream, stop it and start it again on the same port.
 * Shared by the backend's tests and usable by test/e2e.
 */
import * as grpc from '@grpc/grpc-js';
import { decodeHubbleFlows, type ObservedFlow } from '@ytknetwork/common';
import { observerService } from '../hubbleProto';

export interface HubbleTestServer {
  /** host:port to put in `ytk.clusters[].hubble.address`. */
  readonly address: string;
  readonly port: number;
  /** Every GetFlows request received, in order (`since` as RFC 3339 when given). */
  readonly requests: Array<{ follow: boolean; since?: string }>;
  /** Flows written to streams so far (all streams). */
  sent(): number;
  /** Open GetFlows streams. */
  streams(): number;
  /** Appends flows to the server's buffer and sends them to every open stream. */
  push(flows: ObservedFlow[]): void;
  /** Ends every open GetFlows stream with UNAVAILABLE, as a relay restart does. */
  resetStreams(): void;
  stop(): Promise<void>;
}

/** Flows from `hubble observe -o jsonpb` text; throws on a line that does not decode. */
export function flowsFromJsonpb(text: string): ObservedFlow[] {
  const d = decodeHubbleFlows(text);
  if (d.errors.length)
    throw new Error(`fixture: ${JSON.stringify(d.errors.slice(0, 3))}`);
  return d.flows.map(f => f.flow);
}

function timestamp(iso: string): { seconds: string; nanos: number } {
  const m = /\.(\d+)Z$/.exec(iso);
  const ms = Date.parse(iso);
  const seconds = Math.floor(ms / 1000);
  const nanos = m ? Number(m[1].padEnd(9, '0').slice(0, 9)) : (ms % 1000) * 1e6;
  return { seconds: String(seconds), nanos };
}

const nanosOf = (t?: { seconds?: string | number; nanos?: number }) =>
  t?.seconds === undefined
    ? undefined
    : BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanos ?? 0);

/** The JSON form as the proto message object (well-known types as messages). */
function toProto(f: ObservedFlow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...f };
  if (f.time) out.time = timestamp(f.time);
  if (f.isReply !== undefined) out.isReply = { value: f.isReply };
  return out;
}

export async function startHubbleTestServer(
  options: {
    port?: number;
    version?: string;
    flows?: ObservedFlow[];
    /** Serve TLS (PEM); with `clientCa`, require a client certificate signed by it (mTLS). */
    tls?: { cert: string; key: string; clientCa?: string };
  } = {},
): Promise<HubbleTestServer> {
  const server = new grpc.Server();
  const buffer: ObservedFlow[] = [...(options.flows ?? [])];
  const open = new Set<grpc.ServerWritableStream<any, any>>();
  const requests: HubbleTestServer['requests'] = [];
  let sent = 0;
  const write = (
    call: grpc.ServerWritableStream<any, any>,
    f: ObservedFlow,
  ) => {
    call.write({
      flow: toProto(f),
      nodeName: f.nodeName ?? 'node-1',
      ...(f.time ? { time: timestamp(f.time) } : {}),
    });
    sent++;
  };
  server.addService(observerService().service, {
    ServerStatus: (_call: any, cb: grpc.sendUnaryData<any>) =>
      cb(null, {
        numFlows: String(buffer.length),
        maxFlows: '4095',
        seenFlows: String(buffer.length),
        version: options.version ?? 'v1.17.0-test',
      }),
    GetFlows: (call: grpc.ServerWritableStream<any, any>) => {
      const since = nanosOf(call.request.since);
      requests.push({
        follow: !!call.request.follow,
        ...(call.request.since
          ? { since: new Date(Number(since! / 1_000_000n)).toISOString() }
          : {}),
      });
      // As Hubble: `since` replays the buffer from that time (inclusive), then follows.
      if (since !== undefined)
        for (const f of buffer) {
          const t = f.time ? nanosOf(timestamp(f.time)) : undefined;
          if (t !== undefined && t >= since) write(call, f);
        }
      if (!call.request.follow) {
        call.end();
        return;
      }
      open.add(call);
      call.on('cancelled', () => open.delete(call));
      call.on('close', () => open.delete(call));
    },
    GetAgentEvents: (call: any) => call.end(),
    GetDebugEvents: (call: any) => call.end(),
    GetNodes: (_c: any, cb: grpc.sendUnaryData<any>) => cb(null, { nodes: [] }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `127.0.0.1:${options.port ?? 0}`,
      options.tls
        ? grpc.ServerCredentials.createSsl(
            options.tls.clientCa ? Buffer.from(options.tls.clientCa) : null,
            [
              {
                cert_chain: Buffer.from(options.tls.cert),
                private_key: Buffer.from(options.tls.key),
              },
            ],
            !!options.tls.clientCa,
          )
        : grpc.ServerCredentials.createInsecure(),
      (err, p) => (err ? reject(err) : resolve(p)),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    port,
    requests,
    sent: () => sent,
    streams: () => open.size,
    push(flows) {
      for (const f of flows) {
        buffer.push(f);
        for (const call of open) write(call, f);
      }
    },
    resetStreams() {
      for (const call of [...open]) {
        open.delete(call);
        // grpc-js turns an 'error' on a server stream into the call's status.
        call.emit('error', {
          code: grpc.status.UNAVAILABLE,
          details: 'relay restarting',
        });
      }
    },
    async stop() {
      for (const call of [...open]) call.end();
      open.clear();
      await new Promise<void>(resolve => server.tryShutdown(() => resolve()));
      server.forceShutdown();
    },
  };
}
