import type { ClusterState, FieldPath, Workload } from '../../model';
import { adminSubjectSelects } from '../../policy/adminNetworkPolicy';
import type { AdminNetworkPolicySubject } from '../../model';
import type { AnyResource } from '../types';
import { arr, isObj, type Obj } from './access';
import { memo } from './memo';
import { kindOf, nameOf, ofKind } from './policies';

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
