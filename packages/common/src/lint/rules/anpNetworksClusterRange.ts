import { defineRule } from '../rule';
import { arr, str } from '../util/access';
import { adminPolicies } from '../util/adminPolicies';
import { PRIVATE_V4, overlaps, parseCidr } from '../util/cidr';
import { targetClusters } from '../util/context';
import { containsIp } from '../util/cidr';
import { anp } from './examples';

/** K13: ANP `networks` also match pod-to-pod traffic. */
export const anpNetworksClusterRange = defineRule(
  {
    id: 'anp-networks-cluster-range',
    semanticsId: 'K13',
    title: 'AdminNetworkPolicy networks covering cluster ranges',
    severity: 'warning',
    category: 'exposure',
    threat: 'misconfiguration',
    rationale:
      'An egress `networks` peer is meant for destinations outside the cluster, but the API checks cluster-internal traffic against it too: Allow or Deny to 10.0.0.0/8 (or 0.0.0.0/0) allows or denies pod-to-pod traffic as well, ahead of every NetworkPolicy. Put a rule that Passes (or decides) pod traffic by namespaces/pods before the networks rule, or narrow the CIDR to the external range. With cluster context, the message names the workloads whose addresses the CIDR covers.',
    badExample: anp(`
priority: 50
subject:
  namespaces: {}
egress:
  - action: Deny
    to:
      - networks:
          - 10.0.0.0/8
`),
    goodExample: anp(`
priority: 50
subject:
  namespaces: {}
egress:
  - action: Deny
    to:
      - networks:
          - 203.0.113.0/24
`),
    appliesTo: ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const clusters = targetClusters(ctx);
    return adminPolicies(ctx.resources).flatMap(p =>
      p.rules
        .filter(r => r.direction === 'egress' && r.action !== 'Pass')
        .flatMap(r =>
          r.peers.flatMap((peer, i) =>
            (arr(peer.networks) ?? []).flatMap((n, k) => {
              const text = str(n) ?? '';
              const c = parseCidr(text);
              if (!c) return [];
              const ips = clusters.flatMap(cl =>
                cl.workloads.filter(w => w.ips.some(ip => containsIp(c, ip))),
              );
              const privateHit =
                !c.v6 && PRIVATE_V4.some(pr => overlaps(pr, c));
              if (!privateHit && ips.length === 0) return [];
              const who = ips.length
                ? ` It covers ${ips.length} workload${ips.length > 1 ? 's' : ''} (${ips
                    .slice(0, 3)
                    .map(w => w.ref)
                    .join(', ')}${ips.length > 3 ? ', …' : ''}).`
                : '';
              return [
                {
                  resource: p.resource,
                  path: [...r.path, 'to', i, 'networks', k],
                  message: `networks ${text} in this ${r.action ?? ''} rule overlaps cluster ranges: it also ${r.action === 'Allow' ? 'allows' : 'denies'} pod-to-pod traffic, before any NetworkPolicy.${who}`,
                },
              ];
            }),
          ),
        ),
    );
  },
);
