import type { PortRange, PortSpec } from '../model/flow';
import type { Protocol } from '../model/kube';

/** Inclusive port intervals per protocol; a small algebra for checking port-level diffs. */
export type PortIntervals = Record<Protocol, Array<[number, number]>>;

const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];

function merge(intervals: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function toIntervals(
  spec: PortSpec | PortRange[] | undefined,
): PortIntervals {
  const out: PortIntervals = { TCP: [], UDP: [], SCTP: [] };
  if (spec === undefined) return out;
  if (spec === 'all') {
    for (const p of PROTOCOLS) out[p] = [[1, 65535]];
    return out;
  }
  for (const r of spec) {
    if (!out[r.protocol]) continue;
    if (r.port === undefined) out[r.protocol].push([1, 65535]);
    else out[r.protocol].push([r.port, r.endPort ?? r.port]);
  }
  for (const p of PROTOCOLS) out[p] = merge(out[p]);
  return out;
}

/** a minus b. */
export function subtract(a: PortIntervals, b: PortIntervals): PortIntervals {
  const out: PortIntervals = { TCP: [], UDP: [], SCTP: [] };
  for (const p of PROTOCOLS) {
    for (const [s0, e0] of a[p]) {
      let pieces: Array<[number, number]> = [[s0, e0]];
      for (const [s1, e1] of b[p]) {
        pieces = pieces.flatMap(([s, e]) => {
          if (e1 < s || s1 > e) return [[s, e] as [number, number]];
          const rest: Array<[number, number]> = [];
          if (s < s1) rest.push([s, s1 - 1]);
          if (e > e1) rest.push([e1 + 1, e]);
          return rest;
        });
      }
      out[p].push(...pieces);
    }
    out[p] = merge(out[p]);
  }
  return out;
}

export function isEmpty(a: PortIntervals): boolean {
  return PROTOCOLS.every(p => a[p].length === 0);
}

export function equalIntervals(a: PortIntervals, b: PortIntervals): boolean {
  return isEmpty(subtract(a, b)) && isEmpty(subtract(b, a));
}

export function describeIntervals(a: PortIntervals): string {
  const parts = PROTOCOLS.flatMap(p =>
    a[p].map(([s, e]) => `${p}/${s === e ? s : `${s}-${e}`}`),
  );
  return parts.length ? parts.join(', ') : 'nothing';
}
