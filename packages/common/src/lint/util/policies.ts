import type { FieldPath } from '../../model';
import type { AnyResource } from '../types';
import { arr, isObj, Obj } from './access';
import { memo } from './memo';

export const CILIUM_POLICY_KINDS = [
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
];

export type Section = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';
export const SECTIONS: Section[] = [
  'ingress',
  'ingressDeny',
  'egress',
  'egressDeny',
];

export function kindOf(r: AnyResource): string | undefined {
  const k = (r.object as { kind?: unknown }).kind;
  return typeof k === 'string' ? k : undefined;
}

export function nameOf(r: AnyResource): string {
  const m = (r.object as { metadata?: { name?: unknown } }).metadata;
  return typeof m?.name === 'string' ? m.name : '';
}

export function namespaceOf(r: AnyResource): string | undefined {
  const m = (r.object as { metadata?: { namespace?: unknown } }).metadata;
  return typeof m?.namespace === 'string' ? m.namespace : undefined;
}

export function ofKind(resources: AnyResource[], ...kinds: string[]) {
  return resources.filter(r => kinds.includes(kindOf(r) ?? ''));
}

/** One CNP/CCNP rule (`spec` or an item of `specs`). */
export interface CiliumSpec {
  resource: AnyResource;
  kind: string;
  clusterwide: boolean;
  namespace?: string;
  spec: Obj;
  path: FieldPath;
}

/** Memoized per lint run: every rule walks the same specs. */
export function ciliumSpecs(resources: AnyResource[]): CiliumSpec[] {
  return memo(resources, 'ciliumSpecs', () => collectCiliumSpecs(resources));
}

function collectCiliumSpecs(resources: AnyResource[]): CiliumSpec[] {
  const out: CiliumSpec[] = [];
  for (const resource of ofKind(resources, ...CILIUM_POLICY_KINDS)) {
    const o = resource.object as Obj;
    const kind = kindOf(resource)!;
    const base = {
      resource,
      kind,
      clusterwide: kind === 'CiliumClusterwideNetworkPolicy',
      namespace: namespaceOf(resource),
    };
    if (isObj(o.spec)) out.push({ ...base, spec: o.spec, path: ['spec'] });
    arr(o.specs)?.forEach((s, i) => {
      if (isObj(s)) out.push({ ...base, spec: s, path: ['specs', i] });
    });
  }
  return out;
}

/** One ingress/egress(/Deny) rule of a Cilium spec. */
export interface CiliumRuleRef {
  owner: CiliumSpec;
  resource: AnyResource;
  section: Section;
  direction: 'ingress' | 'egress';
  deny: boolean;
  rule: Obj;
  index: number;
  path: FieldPath;
}

/** Memoized per lint run, like `ciliumSpecs`. */
export function ciliumRules(resources: AnyResource[]): CiliumRuleRef[] {
  return memo(resources, 'ciliumRules', () => collectCiliumRules(resources));
}

function collectCiliumRules(resources: AnyResource[]): CiliumRuleRef[] {
  const out: CiliumRuleRef[] = [];
  for (const owner of ciliumSpecs(resources)) {
    for (const section of SECTIONS) {
      arr(owner.spec[section])?.forEach((rule, index) => {
        if (!isObj(rule)) return;
        out.push({
          owner,
          resource: owner.resource,
          section,
          direction: section.startsWith('ingress') ? 'ingress' : 'egress',
          deny: section.endsWith('Deny'),
          rule,
          index,
          path: [...owner.path, section, index],
        });
      });
    }
  }
  return out;
}

/** One NetworkPolicy ingress/egress rule. */
export interface NpRuleRef {
  resource: AnyResource;
  direction: 'ingress' | 'egress';
  rule: Obj;
  index: number;
  path: FieldPath;
  /** `from` or `to`. */
  peersKey: 'from' | 'to';
}

export function npSpecs(
  resources: AnyResource[],
): Array<{ resource: AnyResource; spec: Obj }> {
  return memo(resources, 'npSpecs', () =>
    ofKind(resources, 'NetworkPolicy')
      .map(resource => ({ resource, spec: (resource.object as Obj).spec }))
      .filter((x): x is { resource: AnyResource; spec: Obj } => isObj(x.spec)),
  );
}

export function npRules(resources: AnyResource[]): NpRuleRef[] {
  return memo(resources, 'npRules', () => collectNpRules(resources));
}

function collectNpRules(resources: AnyResource[]): NpRuleRef[] {
  const out: NpRuleRef[] = [];
  for (const { resource, spec } of npSpecs(resources)) {
    for (const direction of ['ingress', 'egress'] as const) {
      arr(spec[direction])?.forEach((rule, index) => {
        if (!isObj(rule)) return;
        out.push({
          resource,
          direction,
          rule,
          index,
          path: ['spec', direction, index],
          peersKey: direction === 'ingress' ? 'from' : 'to',
        });
      });
    }
  }
  return out;
}

/** policyTypes after API-server defaulting (SEMANTICS §1.2). */
export function npPolicyTypes(spec: Obj): Array<'Ingress' | 'Egress'> {
  const explicit = arr(spec.policyTypes);
  if (explicit && explicit.length > 0) {
    return explicit.filter(
      (t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress',
    );
  }
  const egress = arr(spec.egress);
  return egress && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Whether a Cilium spec switches its endpoints to default deny in `direction` (§2.13). */
export function ciliumDefaultDeny(
  spec: Obj,
  direction: 'ingress' | 'egress',
  nonDefaultDenyPolicies = true,
): boolean {
  const has =
    (arr(spec[direction])?.length ?? 0) > 0 ||
    (arr(spec[`${direction}Deny`])?.length ?? 0) > 0;
  if (!has) return false;
  const edd = spec.enableDefaultDeny;
  if (nonDefaultDenyPolicies && isObj(edd) && edd[direction] === false)
    return false;
  return true;
}

/** The L3 peer fields of a Cilium rule, by direction. */
export const L3_FIELDS = {
  ingress: [
    'fromEndpoints',
    'fromRequires',
    'fromCIDR',
    'fromCIDRSet',
    'fromEntities',
    'fromNodes',
    'fromGroups',
  ],
  egress: [
    'toEndpoints',
    'toRequires',
    'toCIDR',
    'toCIDRSet',
    'toEntities',
    'toServices',
    'toFQDNs',
    'toNodes',
    'toGroups',
  ],
} as const;

/** L3 kinds that are mutually exclusive (Requires combine with others upstream). */
export function l3Present(r: CiliumRuleRef): string[] {
  return L3_FIELDS[r.direction].filter(
    f => r.rule[f] !== undefined && r.rule[f] !== null,
  );
}
