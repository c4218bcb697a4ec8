/*
 * Calico policies (projectcalico.org/v3 NetworkPolicy, decoded as CalicoNetworkPolicy, and
 * GlobalNetworkPolicy) and tiers as the Calico lint rules (SEMANTICS §7.5) read them.
 */
import type { FieldPath } from '../../model';
import { ANP_TIER, BANP_TIER, DEFAULT_TIER } from '../../policy/calico';
import type { AnyResource, LintContext } from '../types';
import { arr, isObj, str, type Obj } from './access';
import { memo } from './memo';
import { kindOf, nameOf, namespaceOf, ofKind } from './policies';

export const CALICO_POLICY_KINDS = [
  'CalicoNetworkPolicy',
  'GlobalNetworkPolicy',
];

export interface CalicoPolicyRef {
  resource: AnyResource;
  kind: string;
  name: string;
  namespace?: string;
  global: boolean;
  spec: Obj;
  tier: string;
  order?: number;
}

export function calicoPolicies(resources: AnyResource[]): CalicoPolicyRef[] {
  return memo(resources, 'calicoPolicies', () =>
    ofKind(resources, ...CALICO_POLICY_KINDS).flatMap(resource => {
      const spec = (resource.object as Obj).spec;
      if (!isObj(spec)) return [];
      const kind = kindOf(resource)!;
      return [
        {
          resource,
          kind,
          name: nameOf(resource),
          namespace: namespaceOf(resource),
          global: kind === 'GlobalNetworkPolicy',
          spec,
          tier: str(spec.tier) ?? DEFAULT_TIER,
          order: typeof spec.order === 'number' ? spec.order : undefined,
        },
      ];
    }),
  );
}

/** `types` as Calico defaults them (P06). */
export function typesOf(spec: Obj): Array<'ingress' | 'egress'> {
  const t = arr(spec.types);
  if (t && t.length) {
    const out: Array<'ingress' | 'egress'> = [];
    if (t.includes('Ingress')) out.push('ingress');
    if (t.includes('Egress')) out.push('egress');
    return out;
  }
  const ing = (arr(spec.ingress)?.length ?? 0) > 0;
  const eg = (arr(spec.egress)?.length ?? 0) > 0;
  if (ing && eg) return ['ingress', 'egress'];
  return eg ? ['egress'] : ['ingress'];
}

/**
 * A tier's defaultAction: a Tier of the linted documents, else of the overlay (lint
 * --context), else the built-in ones (the ANP and BANP tiers pass); unknown ⇒ Deny.
 */
export function tierDefaultAction(
  ctx: LintContext,
  tier: string,
): 'Deny' | 'Pass' {
  const inDocs = ofKind(ctx.resources, 'Tier').find(r => nameOf(r) === tier);
  const fromOverlay = ctx.overlay?.clusters
    .flatMap(c => c.calico?.tiers ?? [])
    .find(t => t.object.metadata.name === tier)?.object;
  const spec = inDocs ? (inDocs.object as Obj).spec : fromOverlay?.spec;
  if (isObj(spec) && spec.defaultAction === 'Pass') return 'Pass';
  if (!inDocs && !fromOverlay && (tier === ANP_TIER || tier === BANP_TIER))
    return 'Pass';
  return 'Deny';
}

/** Every selector string of a policy with its path (notSelector excluded). */
export function selectorsOf(
  p: CalicoPolicyRef,
): Array<{ text: string; path: FieldPath }> {
  const out: Array<{ text: string; path: FieldPath }> = [];
  const add = (v: unknown, path: FieldPath) => {
    if (typeof v === 'string') out.push({ text: v, path });
  };
  for (const k of ['selector', 'serviceAccountSelector', 'namespaceSelector'])
    add(p.spec[k], ['spec', k]);
  for (const dir of ['ingress', 'egress'] as const) {
    arr(p.spec[dir])?.forEach((r, i) => {
      if (!isObj(r)) return;
      for (const side of ['source', 'destination'] as const) {
        const e = r[side];
        if (!isObj(e)) continue;
        const base: FieldPath = ['spec', dir, i, side];
        add(e.selector, [...base, 'selector']);
        add(e.namespaceSelector, [...base, 'namespaceSelector']);
        if (isObj(e.serviceAccounts))
          add(e.serviceAccounts.selector, [
            ...base,
            'serviceAccounts',
            'selector',
          ]);
      }
    });
  }
  return out;
}
