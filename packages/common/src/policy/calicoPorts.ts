/* Calico rule ports (docs/calico.md): protocol / notProtocol and destination ports / notPorts. */
import type { CalicoRule, Protocol } from '../model';
import type { PortEntry, PortMatch } from './types';

const ALL: Protocol[] = ['TCP', 'UDP', 'SCTP'];

function protocolOf(p: string | number): Protocol | undefined {
  if (p === 'TCP' || p === 6) return 'TCP';
  if (p === 'UDP' || p === 17) return 'UDP';
  if (p === 'SCTP' || p === 132) return 'SCTP';
  // ICMP, ICMPv6, UDPLite and other IP protocols: never a ytk flow.
  return undefined;
}

type Interval = [number, number];

function intervalsOf(ports: Array<number | string>): {
  nums: Interval[];
  names: string[];
} {
  const nums: Interval[] = [];
  const names: string[] = [];
  for (const p of ports) {
    if (typeof p === 'number') nums.push([p, p]);
    else {
      const m = /^(\d+):(\d+)$/.exec(p);
      if (m) nums.push([Number(m[1]), Number(m[2])]);
      else if (/^\d+$/.test(p)) nums.push([Number(p), Number(p)]);
      else names.push(p.toLowerCase());
    }
  }
  return { nums, names };
}

/** [1, 65535] minus the intervals. */
function complement(out: Interval[]): Interval[] {
  const sorted = [...out].sort((a, b) => a[0] - b[0]);
  const res: Interval[] = [];
  let next = 1;
  for (const [lo, hi] of sorted) {
    if (lo > next) res.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 65535) res.push([next, 65535]);
  return res;
}

function intersectIntervals(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [alo, ahi] of a)
    for (const [blo, bhi] of b) {
      const lo = Math.max(alo, blo);
      const hi = Math.min(ahi, bhi);
      if (lo <= hi) out.push([lo, hi]);
    }
  return out;
}

/** protocol / notProtocol / destination ports / notPorts as a PortMatch. */
export function calicoPorts(r: CalicoRule, l7: boolean): PortMatch {
  let protocols: Protocol[] = ALL;
  if (r.protocol !== undefined) {
    const p = protocolOf(r.protocol);
    protocols = p ? [p] : [];
  }
  if (r.notProtocol !== undefined) {
    const np = protocolOf(r.notProtocol);
    protocols = protocols.filter(p => p !== np);
  }
  const ports = r.destination?.ports;
  const notPorts = r.destination?.notPorts;
  const base = { protocols, l7, dns: false };
  const constrained = r.protocol !== undefined || r.notProtocol !== undefined;
  if (!ports?.length && !notPorts?.length)
    return constrained || l7 ? [base] : 'all';
  const pos = ports?.length ? intervalsOf(ports) : undefined;
  let nums: Interval[] = pos ? pos.nums : [[1, 65535]];
  const names = pos ? pos.names : [];
  if (notPorts?.length)
    nums = intersectIntervals(nums, complement(intervalsOf(notPorts).nums));
  const out: PortEntry[] = nums.map(([lo, hi]) => ({
    ...base,
    port: lo,
    ...(hi > lo ? { endPort: hi } : {}),
  }));
  for (const name of names) out.push({ ...base, name });
  return out;
}
