/*
 * The calico enforcer (SEMANTICS §3, docs/calico.md): projectcalico.org/v3 NetworkPolicy and
 * GlobalNetworkPolicy, Kubernetes NetworkPolicy (in the default tier, order 1000, as
 * `knp.default.<name>`), AdminNetworkPolicy (tier `adminnetworkpolicy`, order 1000) and
 * BaselineAdminNetworkPolicy (tier `baselineadminnetworkpolicy`, order 10 000 000), all
 * normalized into first-match rules ordered by Rule.calico. Each policy that applies to an
 * endpoint in a direction also yields a `tierDefault` rule at the end of its tier that
 * matches every flow with the tier's defaultAction (Deny unless the Tier says Pass): the
 * implicit end-of-tier drop. Nothing decided after the last tier → the profile allows.
 */
import type {
  AdminNetworkPolicy,
  CalicoNetworkPolicy,
  CalicoPolicySpec,
  GlobalNetworkPolicy,
  NetworkPolicy,
  Policy,
} from '../model';
import { adminNetworkPolicyRules } from './adminNetworkPolicy';
import { calicoEntity, calicoSubject } from './calicoMatch';
import { calicoPorts } from './calicoPorts';
import {
  ANP_TIER,
  BANP_TIER,
  DEFAULT_TIER,
  KNP_ORDER,
  unknownTier,
  type CalicoTierInfo,
} from './calicoTiers';
import type { EnforcerContext } from './context';
import { defaultedPolicyTypes, networkPolicyReference } from './networkPolicy';
import { ruleMeta, type RuleSink } from './ruleMeta';
import type { CalicoOrder, Rule, SubjectMatcher } from './types';

export * from './calicoTiers';
export {
  CALICO_NAMESPACE_LABEL,
  CALICO_SA_LABEL,
  calicoEndpointLabels,
  calicoEntityMatches,
  calicoPolicySelects,
  calicoSubjectMatches,
} from './calicoMatch';
export { calicoPorts } from './calicoPorts';

/** `types` as Calico defaults them (P06): egress rules only ⇒ Egress; none ⇒ Ingress. */
export function calicoPolicyTypes(
  spec: CalicoPolicySpec,
): Array<'Ingress' | 'Egress'> {
  if (spec.types && spec.types.length) return spec.types;
  const ing = (spec.ingress?.length ?? 0) > 0;
  const eg = (spec.egress?.length ?? 0) > 0;
  if (eg && ing) return ['Ingress', 'Egress'];
  return eg ? ['Egress'] : ['Ingress'];
}

interface TierPlacement {
  tier: CalicoTierInfo;
  policyOrder: number;
  policyKey: string;
}

/** Wraps a sink so that every rule is layered `calico` at `place`; returns what it added. */
function placedSink(
  sink: RuleSink,
  place: TierPlacement,
  calicoName: string | undefined,
): RuleSink & { added: Array<Omit<Rule, 'index'>> } {
  const added: Array<Omit<Rule, 'index'>> = [];
  return {
    added,
    invalid: (p, why) => sink.invalid(p, why),
    add(r) {
      const calico: CalicoOrder = {
        tier: place.tier.name,
        tierOrder: place.tier.order,
        policyOrder: place.policyOrder,
        policyKey: place.policyKey,
        ruleIndex: r.meta.ruleIndex,
      };
      const rule = {
        ...r,
        layer: 'calico' as const,
        calico,
        meta: {
          ...r.meta,
          tier: place.tier.name,
          ...(Number.isFinite(place.policyOrder)
            ? { order: place.policyOrder }
            : {}),
          ...(calicoName ? { calicoName } : {}),
        },
      };
      added.push(rule);
      sink.add(rule);
    },
  };
}

/** The end-of-tier rule of a policy that applies in `direction`. */
function tierDefaultRule(
  policy: Policy,
  ctx: EnforcerContext,
  place: TierPlacement,
  direction: 'ingress' | 'egress',
  subject: SubjectMatcher,
  calicoName: string | undefined,
): Omit<Rule, 'index'> {
  const action = place.tier.defaultAction;
  return {
    cluster: ctx.cluster,
    direction,
    action,
    layer: 'calico',
    calico: {
      tier: place.tier.name,
      tierOrder: place.tier.order,
      policyOrder: Infinity,
      policyKey: '\uffff',
      ruleIndex: 0,
      tierDefault: true,
    },
    subject,
    defaultDeny: false,
    peers: [{ kind: 'any' }],
    ports: 'all',
    auth: 'none',
    meta: {
      ...ruleMeta(policy, direction, 0, -1, ['spec'], { action }),
      tier: place.tier.name,
      tierDefault: true,
      ...(Number.isFinite(place.policyOrder)
        ? { order: place.policyOrder }
        : {}),
      ...(calicoName ? { calicoName } : {}),
    },
  };
}

const keyOf = (policy: Policy, name = policy.name) =>
  policy.namespace ? `${policy.namespace}/${name}` : name;

/** Normalizes one policy of a calico-enforced cluster. */
export function calicoPolicyRules(
  policy: Policy,
  ctx: EnforcerContext,
  tiers: Map<string, CalicoTierInfo>,
  sink: RuleSink,
): void {
  const tierOf = (name: string) => tiers.get(name) ?? unknownTier(name);
  switch (policy.kind) {
    case 'NetworkPolicy': {
      const calicoName = `knp.default.${policy.name}`;
      const place = {
        tier: tierOf(DEFAULT_TIER),
        policyOrder: KNP_ORDER,
        policyKey: keyOf(policy, calicoName),
      };
      const np = policy.object as NetworkPolicy;
      networkPolicyReference(policy, ctx, placedSink(sink, place, calicoName));
      const subject: SubjectMatcher = {
        kind: 'k8s',
        namespace: policy.namespace ?? 'default',
        selector: np.spec?.podSelector ?? {},
      };
      for (const t of defaultedPolicyTypes(np))
        sink.add(
          tierDefaultRule(
            policy,
            ctx,
            place,
            t === 'Ingress' ? 'ingress' : 'egress',
            subject,
            calicoName,
          ),
        );
      return;
    }
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy': {
      const anp = policy.kind === 'AdminNetworkPolicy';
      const calicoName = `${anp ? 'kanp' : 'kbanp'}.${anp ? ANP_TIER : BANP_TIER}.${policy.name}`;
      const place = {
        tier: tierOf(anp ? ANP_TIER : BANP_TIER),
        policyOrder: anp
          ? (policy.object as AdminNetworkPolicy).spec.priority
          : 0,
        policyKey: calicoName,
      };
      adminNetworkPolicyRules(policy, ctx, placedSink(sink, place, calicoName));
      return;
    }
    case 'CalicoNetworkPolicy':
    case 'GlobalNetworkPolicy': {
      const obj = policy.object as CalicoNetworkPolicy | GlobalNetworkPolicy;
      const subject = calicoSubject(obj, policy.namespace);
      if (!subject) return;
      const spec = obj.spec;
      const place = {
        tier: tierOf(spec.tier ?? DEFAULT_TIER),
        policyOrder: spec.order ?? Infinity,
        policyKey: keyOf(policy),
      };
      const placed = placedSink(sink, place, undefined);
      const ns =
        obj.kind === 'CalicoNetworkPolicy'
          ? (policy.namespace ?? 'default')
          : undefined;
      for (const t of calicoPolicyTypes(spec)) {
        const direction = t === 'Ingress' ? 'ingress' : 'egress';
        (spec[direction] ?? []).forEach((r, i) => {
          if (r.action === 'Log') return; // logs and goes on: no effect on the verdict
          const [peerSide, localSide] =
            direction === 'ingress'
              ? [r.source, r.destination]
              : [r.destination, r.source];
          const peer = calicoEntity(peerSide, ns);
          const local = calicoEntity(localSide, ns);
          const l7 = r.http !== undefined;
          const action = r.action.toLowerCase() as Rule['action'];
          placed.add({
            cluster: ctx.cluster,
            direction,
            action,
            subject: local ? { ...subject, local } : subject,
            defaultDeny: false,
            peers: peer
              ? [{ kind: 'calico', cluster: ctx.cluster, entity: peer }]
              : [{ kind: 'any' }],
            ports: calicoPorts(r, l7),
            auth: 'none',
            meta: ruleMeta(policy, direction, 0, i, ['spec', direction, i], {
              action,
              l7,
            }),
          });
        });
        sink.add(
          tierDefaultRule(policy, ctx, place, direction, subject, undefined),
        );
      }
      return;
    }
    default:
      sink.invalid(
        policy,
        `${policy.kind} is not enforced by the calico enforcer`,
      );
  }
}

/** Calico's evaluation order: tier (order, name), policy (order, name), rule; tier defaults last in their tier. */
export function calicoOrder(a: Rule, b: Rule): number {
  const x = a.calico!;
  const y = b.calico!;
  return (
    cmpNum(x.tierOrder, y.tierOrder) ||
    cmp(x.tier, y.tier) ||
    Number(!!x.tierDefault) - Number(!!y.tierDefault) ||
    cmpNum(x.policyOrder, y.policyOrder) ||
    cmp(x.policyKey, y.policyKey) ||
    x.ruleIndex - y.ruleIndex
  );
}

function cmp(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function cmpNum(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * `CalicoNetworkPolicy (tier security, order 100) rule ingress[0]` for reasons — kind, tier
 * and position, never the policy's name (faces redact `rules`; see describeLayeredRule).
 */
export function describeCalicoRule(m: Rule['meta']): string {
  const order = m.order !== undefined ? `, order ${m.order}` : '';
  if (m.tierDefault)
    return `the end of tier "${m.tier}" (its defaultAction ${m.action === 'pass' ? 'Pass' : 'Deny'})`;
  return `${m.policyKind} (tier ${m.tier}${order}) rule ${m.section}[${m.ruleIndex}]`;
}
