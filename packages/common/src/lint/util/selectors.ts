import type { FieldPath } from '../../model';
import type { AnyResource } from '../types';
import { arr, isObj } from './access';
import {
  ciliumRules,
  ciliumSpecs,
  npRules,
  npSpecs,
  type CiliumRuleRef,
  type NpRuleRef,
} from './policies';

/** A label selector found in a policy, with what it selects. */
export interface SelectorRef {
  resource: AnyResource;
  path: FieldPath;
  selector: unknown;
  /** subject = the policy's own endpoints; peer = endpoints a rule talks about; namespace = NP namespaceSelector. */
  role: 'subject' | 'peer' | 'namespace';
  /** Cilium peer selectors and NP podSelector peers get ClusterMesh cluster scoping (§2.4). */
  clusterScoped: boolean;
  policyKind: string;
  rule?: CiliumRuleRef | NpRuleRef;
}

export function policySelectors(resources: AnyResource[]): SelectorRef[] {
  const out: SelectorRef[] = [];
  for (const s of ciliumSpecs(resources)) {
    if (s.spec.endpointSelector !== undefined) {
      out.push({
        resource: s.resource,
        path: [...s.path, 'endpointSelector'],
        selector: s.spec.endpointSelector,
        role: 'subject',
        clusterScoped: false,
        policyKind: s.kind,
      });
    }
  }
  for (const r of ciliumRules(resources)) {
    for (const f of [
      'fromEndpoints',
      'toEndpoints',
      'fromRequires',
      'toRequires',
    ]) {
      arr(r.rule[f])?.forEach((selector, i) => {
        out.push({
          resource: r.resource,
          path: [...r.path, f, i],
          selector,
          role: 'peer',
          clusterScoped: true,
          policyKind: r.owner.kind,
          rule: r,
        });
      });
    }
  }
  for (const { resource, spec } of npSpecs(resources)) {
    if (spec.podSelector !== undefined) {
      out.push({
        resource,
        path: ['spec', 'podSelector'],
        selector: spec.podSelector,
        role: 'subject',
        clusterScoped: false,
        policyKind: 'NetworkPolicy',
      });
    }
  }
  for (const r of npRules(resources)) {
    arr(r.rule[r.peersKey])?.forEach((peer, i) => {
      if (!isObj(peer)) return;
      for (const key of ['podSelector', 'namespaceSelector'] as const) {
        if (peer[key] === undefined) continue;
        out.push({
          resource: r.resource,
          path: [...r.path, r.peersKey, i, key],
          selector: peer[key],
          role: key === 'podSelector' ? 'peer' : 'namespace',
          clusterScoped:
            key === 'podSelector' || peer.podSelector === undefined,
          policyKind: 'NetworkPolicy',
          rule: r,
        });
      }
    });
  }
  return out;
}
