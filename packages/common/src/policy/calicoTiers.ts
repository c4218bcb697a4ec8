/*
 * Calico's tiers (docs/calico.md): the built-in ones and the Tier objects of a cluster.
 */
import type { ClusterState } from '../model';

export const DEFAULT_TIER = 'default';
export const DEFAULT_TIER_ORDER = 1_000_000;
export const ANP_TIER = 'adminnetworkpolicy';
export const BANP_TIER = 'baselineadminnetworkpolicy';
/** Calico's order for Kubernetes NetworkPolicies in the default tier. */
export const KNP_ORDER = 1000;

export interface CalicoTierInfo {
  name: string;
  /** Infinity when the Tier has no order. */
  order: number;
  defaultAction: 'deny' | 'pass';
  /** True when a Tier object of the input defines it (else built in or assumed). */
  declared: boolean;
}

const BUILT_IN_TIERS: CalicoTierInfo[] = [
  { name: ANP_TIER, order: 1000, defaultAction: 'pass', declared: false },
  {
    name: DEFAULT_TIER,
    order: DEFAULT_TIER_ORDER,
    defaultAction: 'deny',
    declared: false,
  },
  {
    name: BANP_TIER,
    order: 10_000_000,
    defaultAction: 'pass',
    declared: false,
  },
];

/** Every tier of a cluster: the built-in ones, then its Tier objects. */
export function calicoTiers(state: ClusterState): Map<string, CalicoTierInfo> {
  const out = new Map(BUILT_IN_TIERS.map(t => [t.name, { ...t }]));
  for (const r of state.calico?.tiers ?? []) {
    const t = r.object;
    const name = t.metadata.name;
    // The default tier's order is fixed (docs: "cannot be changed").
    const order =
      name === DEFAULT_TIER ? DEFAULT_TIER_ORDER : (t.spec?.order ?? Infinity);
    out.set(name, {
      name,
      order,
      defaultAction: t.spec?.defaultAction === 'Pass' ? 'pass' : 'deny',
      declared: true,
    });
  }
  return out;
}

/** A tier a policy names that no Tier object defines: Calico would reject the policy. */
export function unknownTier(name: string): CalicoTierInfo {
  return { name, order: Infinity, defaultAction: 'deny', declared: false };
}
