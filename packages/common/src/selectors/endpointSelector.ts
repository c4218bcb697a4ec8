/*
 * Cilium endpoint selectors: label selectors whose keys carry a source
 * (`k8s:`, `reserved:`, `any:`), matched against identity labels (§2.2), and
 * the peer rewriting of getEndpointSelector (§2.4).
 */
import type { LabelSelector } from '../model';
import {
  CLUSTER_LABEL,
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  identityValue,
  splitLabelKey,
  type IdentityLabels,
} from './identityLabels';

export interface CiliumRequirement {
  source: string;
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A compiled endpoint selector: requirements ANDed. */
export interface EndpointSelector {
  requirements: CiliumRequirement[];
}

/** Compile a LabelSelector as Cilium reads it: keys without a source become `any:`. */
export function compileEndpointSelector(sel: LabelSelector): EndpointSelector {
  const requirements: CiliumRequirement[] = [];
  for (const [raw, v] of Object.entries(sel.matchLabels ?? {})) {
    const { source, key } = splitLabelKey(raw);
    requirements.push({ source, key, operator: 'In', values: [v] });
  }
  for (const e of sel.matchExpressions ?? []) {
    const { source, key } = splitLabelKey(e.key);
    requirements.push({
      source,
      key,
      operator: e.operator,
      values: e.values ?? [],
    });
  }
  return { requirements };
}

export function matchEndpointSelector(
  sel: EndpointSelector,
  labels: IdentityLabels,
): boolean {
  for (const r of sel.requirements) {
    const v = identityValue(labels, r.source, r.key);
    switch (r.operator) {
      case 'In':
        if (v === undefined || !r.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && r.values.includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const hasKey = (sel: EndpointSelector, key: string) =>
  sel.requirements.some(
    r => r.key === key && (r.source === 'k8s' || r.source === 'any'),
  );

/** Subject rewriting (§2.3): a namespaced policy forces its namespace into the selector. */
export function subjectSelector(
  sel: LabelSelector | undefined,
  namespace: string | undefined,
): EndpointSelector {
  const compiled = compileEndpointSelector(sel ?? {});
  if (!namespace) return compiled;
  // A user-written namespace requirement is discarded (cilium warns) and replaced.
  const requirements = compiled.requirements.filter(
    r => r.key !== POD_NAMESPACE_LABEL,
  );
  requirements.push({
    source: 'k8s',
    key: POD_NAMESPACE_LABEL,
    operator: 'In',
    values: [namespace],
  });
  return { requirements };
}

/**
 * Peer rewriting (§2.4, getEndpointSelector). `namespace` is the policy namespace
 * (undefined for CCNP); `clusterName` is the local cluster when
 * policy-default-local-cluster is on, else undefined.
 */
export function rewritePeerSelector(
  sel: LabelSelector,
  namespace: string | undefined,
  clusterName: string | undefined,
  options: { subjectSelectsInit?: boolean } = {},
): EndpointSelector {
  const compiled = compileEndpointSelector(sel);
  if (compiled.requirements.some(r => r.source === 'reserved')) return compiled;
  const requirements = [...compiled.requirements];
  if (!hasKey(compiled, POD_NAMESPACE_LABEL)) {
    if (!namespace) {
      if (!options.subjectSelectsInit) {
        requirements.push({
          source: 'k8s',
          key: POD_NAMESPACE_LABEL,
          operator: 'Exists',
          values: [],
        });
      }
    } else if (
      !compiled.requirements.some(r =>
        r.key.startsWith(NAMESPACE_LABELS_PREFIX),
      )
    ) {
      requirements.push({
        source: 'k8s',
        key: POD_NAMESPACE_LABEL,
        operator: 'In',
        values: [namespace],
      });
    }
  }
  if (clusterName && !hasKey(compiled, CLUSTER_LABEL)) {
    requirements.push({
      source: 'k8s',
      key: CLUSTER_LABEL,
      operator: 'In',
      values: [clusterName],
    });
  }
  return { requirements };
}

/** Add the local-cluster filter to an already-built selector (K8s NP peers under Cilium, §2.4). */
export function withClusterFilter(
  sel: EndpointSelector,
  clusterName: string | undefined,
): EndpointSelector {
  if (!clusterName || hasKey(sel, CLUSTER_LABEL)) return sel;
  return {
    requirements: [
      ...sel.requirements,
      {
        source: 'k8s',
        key: CLUSTER_LABEL,
        operator: 'In',
        values: [clusterName],
      },
    ],
  };
}
