import type { FieldPath } from '../../model';
import { arr, str } from './access';
import { clusterScope, isReservedSelector } from './labels';
import { l3Present, type CiliumRuleRef } from './policies';
import type { LintSettings } from './settings';

export interface CrossClusterPeer {
  path: FieldPath;
  why: string;
}

/**
 * The peers of a Cilium rule that (may) live in another cluster (SEMANTICS §2.15): a cluster
 * label naming another cluster or any cluster, any peer selector when default-local is off,
 * `all` / `cluster-mesh` entities, and a rule with no L3 peer (it allows everyone).
 */
export function crossClusterPeers(
  r: CiliumRuleRef,
  s: LintSettings,
): CrossClusterPeer[] {
  const out: CrossClusterPeer[] = [];
  const local = s.clusterName;
  for (const f of ['fromEndpoints', 'toEndpoints']) {
    arr(r.rule[f])?.forEach((sel, i) => {
      if (isReservedSelector(sel)) return;
      const scope = clusterScope(sel);
      const path = [...r.path, f, i];
      if (scope === 'any') {
        out.push({ path, why: 'the peer selector matches any cluster' });
      } else if (scope) {
        const remote = scope.filter(c => c !== local);
        if (remote.length > 0) {
          out.push({
            path,
            why: local
              ? `the peer is in cluster ${remote.join(', ')} (local cluster is ${local})`
              : `the peer is in cluster ${remote.join(', ')}`,
          });
        }
      } else if (s.defaultLocalCluster === false) {
        out.push({
          path,
          why: 'policy-default-local-cluster is off, so a selector without a cluster label matches every cluster',
        });
      }
    });
  }
  for (const f of ['fromEntities', 'toEntities']) {
    arr(r.rule[f])?.forEach((e, i) => {
      const v = str(e);
      if (v === 'all' || v === 'cluster-mesh') {
        out.push({
          path: [...r.path, f, i],
          why: `entity ${v} includes other clusters`,
        });
      }
    });
  }
  if (l3Present(r).length === 0 && r.rule.toPorts !== undefined) {
    out.push({
      path: [...r.path, 'toPorts'],
      why: 'a rule with only toPorts allows every peer, other clusters included',
    });
  }
  return out;
}
