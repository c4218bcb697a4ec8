/*
 * Exact port sets: per protocol a sorted list of disjoint inclusive intervals
 * (flat [lo, hi, lo, hi, …]), plus `other` for protocols ytk does not split
 * by port (ICMP…), which only a rule without L4 allows.
 */
import type { PortRange, PortSpec, Protocol } from '../model';

export const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const MAX_PORT = 65535;

export interface PortSet {
  TCP: number[];
  UDP: number[];
  SCTP: number[];
  other: boolean;
}

export const emptyPortSet = (): PortSet => ({
  TCP: [],
  UDP: [],
  SCTP: [],
  other: false,
});
export const fullPortSet = (): PortSet => ({
  TCP: [1, MAX_PORT],
  UDP: [1, MAX_PORT],
  SCTP: [1, MAX_PORT],
  other: true,
});

function unionIv(a: number[], b: number[]): number[] {
  if (!a.length) return b;
  if (!b.length) return a;
  const all: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i += 2) all.push([a[i], a[i + 1]]);
  for (let i = 0; i < b.length; i += 2) all.push([b[i], b[i + 1]]);
  all.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [lo, hi] of all) {
    const n = out.length;
    if (n && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

function intersectIv(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

function subtractIv(a: number[], b: number[]): number[] {
  if (!a.length || !b.length) return a;
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i];
    const hi = a[i + 1];
    while (j < b.length && b[j + 1] < lo) j += 2;
    let k = j;
    while (k < b.length && b[k] <= hi) {
      if (b[k] > lo) out.push(lo, b[k] - 1);
      lo = Math.max(lo, b[k + 1] + 1);
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

export function union(a: PortSet, b: PortSet): PortSet {
  return {
    TCP: unionIv(a.TCP, b.TCP),
    UDP: unionIv(a.UDP, b.UDP),
    SCTP: unionIv(a.SCTP, b.SCTP),
    other: a.other || b.other,
  };
}
export function intersect(a: PortSet, b: PortSet): PortSet {
  return {
    TCP: intersectIv(a.TCP, b.TCP),
    UDP: intersectIv(a.UDP, b.UDP),
    SCTP: intersectIv(a.SCTP, b.SCTP),
    other: a.other && b.other,
  };
}
export function subtract(a: PortSet, b: PortSet): PortSet {
  return {
    TCP: subtractIv(a.TCP, b.TCP),
    UDP: subtractIv(a.UDP, b.UDP),
    SCTP: subtractIv(a.SCTP, b.SCTP),
    other: a.other && !b.other,
  };
}
export const isEmpty = (s: PortSet): boolean =>
  !s.other && !s.TCP.length && !s.UDP.length && !s.SCTP.length;

export function hasPort(s: PortSet, protocol: Protocol, port: number): boolean {
  const iv = s[protocol];
  for (let i = 0; i < iv.length; i += 2)
    if (iv[i] <= port && port <= iv[i + 1]) return true;
  return false;
}

/** Adds one interval (mutating: for builders only). */
export function addRange(
  s: PortSet,
  protocol: Protocol,
  lo: number,
  hi: number,
): void {
  s[protocol] = unionIv(s[protocol], [lo, hi]);
}

const isFull = (iv: number[]) =>
  iv.length === 2 && iv[0] === 1 && iv[1] === MAX_PORT;

/** To the API's PortSpec: 'all' when every port of every protocol (and ICMP) is in. */
export function toPortSpec(s: PortSet): PortSpec {
  if (s.other && PROTOCOLS.every(p => isFull(s[p]))) return 'all';
  const out: PortRange[] = [];
  for (const protocol of PROTOCOLS) {
    const iv = s[protocol];
    if (isFull(iv)) {
      out.push({ protocol });
      continue;
    }
    for (let i = 0; i < iv.length; i += 2) {
      out.push(
        iv[i] === iv[i + 1]
          ? { protocol, port: iv[i] }
          : { protocol, port: iv[i], endPort: iv[i + 1] },
      );
    }
  }
  return out;
}

/** From a PortSpec back to a set (diffs, tests). */
export function fromPortSpec(spec: PortSpec): PortSet {
  if (spec === 'all') return fullPortSet();
  const s = emptyPortSet();
  for (const r of spec) {
    if (r.port === undefined) addRange(s, r.protocol, 1, MAX_PORT);
    else addRange(s, r.protocol, r.port, r.endPort ?? r.port);
  }
  return s;
}

export const portSpecKey = (spec: PortSpec): string => JSON.stringify(spec);
