import type {
  AdminNetworkPolicySubject,
  ClusterState,
  FieldPath,
  LabelSelector,
  Workload,
} from '../../model';
import { adminSubjectSelects } from '../../policy/adminNetworkPolicy';
import { defaultedPolicyTypes } from '../../policy/networkPolicy';
import { matchLabelSelector } from '../../selectors';
import type { AnyResource, LintContext } from '../types';
import { arr, isObj, type Obj } from './access';
import { memo } from './memo';
import {
  kindOf,
  nameOf,
  namespaceOf,
  npPolicyTypes,
  npSpecs,
  ofKind,
} from './policies';

export const ADMIN_POLICY_KINDS = [
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
];

/** One ANP or BANP document, read defensively. */
export interface AdminPolicyRef {
  resource: AnyResource;
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  name: string;
  spec: Obj;
  /** ANP only; undefined when absent or not a number. */
  priority?: number;
  subject?: Obj;
  rules: AdminRuleRef[];
}

export interface AdminRuleRef {
  owner: AdminPolicyRef;
  direction: 'ingress' | 'egress';
  index: number;
  action?: string;
  rule: Obj;
  /** `from` / `to` entries that are mappings. */
  peers: Obj[];
  path: FieldPath;
}

/** Memoized per lint run. */
export function adminPolicies(resources: AnyResource[]): AdminPolicyRef[] {
  return memo(resources, 'adminPolicies', () =>
    ofKind(resources, ...ADMIN_POLICY_KINDS).flatMap(resource => {
      const spec = (resource.object as Obj).spec;
      if (!isObj(spec)) return [];
      const ref: AdminPolicyRef = {
        resource,
        kind: kindOf(resource) as AdminPolicyRef['kind'],
        name: nameOf(resource),
        spec,
        priority: typeof spec.priority === 'number' ? spec.priority : undefined,
        subject: isObj(spec.subject) ? spec.subject : undefined,
        rules: [],
      };
      for (const direction of ['ingress', 'egress'] as const) {
        arr(spec[direction])?.forEach((rule, index) => {
          if (!isObj(rule)) return;
          const list = arr(rule[direction === 'ingress' ? 'from' : 'to']);
          ref.rules.push({
            owner: ref,
            direction,
            index,
            action: typeof rule.action === 'string' ? rule.action : undefined,
            rule,
            peers: (list ?? []).filter(isObj),
            path: ['spec', direction, index],
          });
        });
      }
      return [ref];
    }),
  );
}

/** Workloads of `cluster` an ANP/BANP subject selects (never host-network pods). */
export function adminSubjectWorkloads(
  ref: AdminPolicyRef,
  cluster: ClusterState,
): Workload[] {
  if (!ref.subject) return [];
  const subject = ref.subject as AdminNetworkPolicySubject;
  return cluster.workloads.filter(w => adminSubjectSelects(subject, w));
}

/**
 * Whether a NetworkPolicy isolates `w` in `dir` — one of the linted documents, or one of its
 * cluster's policies in the overlay (SEMANTICS §1.3): what decides whether ANP Pass and BANP
 * rules are reached (§1.8).
 */
export function npIsolates(
  ctx: LintContext,
  clusters: ClusterState[],
  w: Workload,
  dir: 'ingress' | 'egress',
): boolean {
  const type = dir === 'ingress' ? 'Ingress' : 'Egress';
  const sel = (v: unknown) => (isObj(v) ? (v as LabelSelector) : {});
  const inDocs = npSpecs(ctx.resources).some(
    n =>
      namespaceOf(n.resource) === w.namespace &&
      npPolicyTypes(n.spec).includes(type) &&
      matchLabelSelector(sel(n.spec.podSelector), w.labels),
  );
  if (inDocs) return true;
  const state = clusters.find(c => c.name === w.cluster);
  return !!state?.policies.some(
    p =>
      p.object.kind === 'NetworkPolicy' &&
      p.namespace === w.namespace &&
      defaultedPolicyTypes(p.object).includes(type) &&
      matchLabelSelector(p.object.spec?.podSelector ?? {}, w.labels),
  );
}
