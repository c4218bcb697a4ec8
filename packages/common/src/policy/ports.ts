import type { CiliumPortRule, NetworkPolicyPort, Protocol } from '../model';
import type { PortEntry, PortMatch } from './types';

const ALL_PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** K8s NP ports (§1.4): protocol defaults to TCP; absent port = every port; names kept. */
export function networkPolicyPorts(
  ports: NetworkPolicyPort[] | undefined,
): PortMatch {
  if (!ports || ports.length === 0) return 'all';
  return ports.map(p => {
    const protocols: Protocol[] = [p.protocol ?? 'TCP'];
    const base = { protocols, l7: false, dns: false };
    if (p.port === undefined) return base;
    if (typeof p.port === 'number' || /^\d+$/.test(p.port)) {
      const port = Number(p.port);
      return { ...base, port, endPort: p.endPort };
    }
    return { ...base, name: p.port.toLowerCase() };
  });
}

function ciliumProtocols(p: string | undefined): Protocol[] {
  const up = (p ?? 'ANY').toUpperCase();
  if (up === 'ANY' || up === '') return ALL_PROTOCOLS;
  if (up === 'TCP' || up === 'UDP' || up === 'SCTP') return [up];
  // ICMP and extended IP protocols are not modelled: the entry matches no TCP/UDP/SCTP flow.
  return [];
}

const hasL7 = (pr: CiliumPortRule) => {
  const r = pr.rules;
  if (!r) return false;
  return !!(
    r.http?.length ||
    r.dns?.length ||
    r.kafka?.length ||
    r.l7proto ||
    r.l7?.length
  );
};

/** Cilium toPorts (§2.10): port "0"/absent = all ports, ANY/empty protocol = TCP+UDP+SCTP. */
export function ciliumPorts(
  toPorts: CiliumPortRule[] | undefined,
  hasIcmps: boolean,
): PortMatch {
  if (!toPorts || toPorts.length === 0) {
    // L3-only allows every protocol; an ICMP-only rule allows no TCP/UDP/SCTP port.
    return hasIcmps ? [] : 'all';
  }
  const out: PortEntry[] = [];
  for (const pr of toPorts) {
    const l7 = hasL7(pr);
    const dns = !!pr.rules?.dns?.length;
    const list = pr.ports && pr.ports.length ? pr.ports : [{}];
    for (const p of list) {
      const protocols = ciliumProtocols(p.protocol);
      const base = { protocols, l7, dns };
      const text = (p.port ?? '').trim();
      if (text === '' || text === '0') out.push(base);
      else if (/^\d+$/.test(text))
        out.push({
          ...base,
          port: Number(text),
          endPort: p.endPort || undefined,
        });
      else out.push({ ...base, name: text.toLowerCase() });
    }
  }
  return out;
}
