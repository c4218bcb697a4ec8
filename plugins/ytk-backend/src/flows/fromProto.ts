import type { ObservedFlow } from '@ytknetwork/common';
import type { ProtoTimestamp } from './hubbleProto';

/** Nanoseconds since the epoch of a protobuf Timestamp (exact: used to resume without repeats). */
export function timestampNanos(
  t: ProtoTimestamp | undefined,
): bigint | undefined {
  if (!t || t.seconds === undefined) return undefined;
  return BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanos ?? 0);
}

export function nanosToTimestamp(n: bigint): {
  seconds: string;
  nanos: number;
} {
  return {
    seconds: (n / 1_000_000_000n).toString(),
    nanos: Number(n % 1_000_000_000n),
  };
}

/** RFC 3339 with the timestamp's full (nanosecond) precision, as Hubble's JSON prints it. */
export function nanosToIso(n: bigint): string {
  const ms = Number(n / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = (n % 1_000_000_000n).toString().padStart(9, '0');
  return `${base}.${frac}Z`;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A flow.Flow decoded by proto-loader as the engine's ObservedFlow (the JSON form): the fields
 * already carry their JSON names; only the well-known types differ (Timestamp → RFC 3339,
 * BoolValue → boolean) and the oneof's virtual field goes.
 */
export function observedFromProto(
  flow: Record<string, unknown>,
  responseTime?: ProtoTimestamp,
): ObservedFlow {
  const out: Record<string, unknown> = { ...flow };
  const t =
    timestampNanos(flow.time as ProtoTimestamp | undefined) ??
    timestampNanos(responseTime);
  if (t !== undefined) out.time = nanosToIso(t);
  else delete out.time;
  if (isObj(flow.isReply)) out.isReply = flow.isReply.value === true;
  if (isObj(flow.l4)) {
    const { protocol: _oneof, ...l4 } = flow.l4;
    out.l4 = l4;
  }
  return out as ObservedFlow;
}
