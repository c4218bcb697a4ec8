import type { ClusterState, Overlay, Policy } from '../model';
import { adminNetworkPolicyRules } from './adminNetworkPolicy';
import { calicoPolicyRules, calicoTiers, type CalicoTierInfo } from './calico';
import { ciliumPolicy } from './ciliumPolicy';
import { enforcerContext, type EnforcerContext } from './context';
import { networkPolicyCilium, networkPolicyReference } from './networkPolicy';
import { workloadInfo } from './peers';
import type { RuleSink } from './ruleMeta';
import type { Rule, WorkloadInfo } from './types';

export interface CompiledCluster {
  state: ClusterState;
  ctx: EnforcerContext;
  rules: Rule[];
  /** Policies the enforcer rejects (Sanitize) and therefore does not enforce. */
  invalid: Array<{ policy: Policy; reason: string }>;
  /** Cilium ≤1.19 egress: named port → number when unique in the cluster, null when duplicated. */
  namedPorts: Map<string, number | null>;
  /** Some rule is layered (AdminNetworkPolicy / BaselineAdminNetworkPolicy, §1.8). */
  layered: boolean;
}

export interface CompiledOverlay {
  overlay: Overlay;
  clusters: Map<string, CompiledCluster>;
  rules: Rule[];
  workloads: Map<string, WorkloadInfo>;
}

const tierCache = new WeakMap<ClusterState, Map<string, CalicoTierInfo>>();

/** Normalizes one policy into rules for its cluster's enforcer (one function per kind per enforcer). */
export function normalizePolicy(
  policy: Policy,
  ctx: EnforcerContext,
  cluster: ClusterState,
  sink: RuleSink,
): void {
  if (ctx.enforcer === 'calico') {
    let tiers = tierCache.get(cluster);
    if (!tiers) tierCache.set(cluster, (tiers = calicoTiers(cluster)));
    if (
      policy.kind === 'CiliumNetworkPolicy' ||
      policy.kind === 'CiliumClusterwideNetworkPolicy'
    )
      sink.invalid(
        policy,
        `${policy.kind} is not enforced: the cluster runs Calico`,
      );
    else calicoPolicyRules(policy, ctx, tiers, sink);
    return;
  }
  switch (policy.kind) {
    case 'CalicoNetworkPolicy':
    case 'GlobalNetworkPolicy':
      sink.invalid(
        policy,
        `${policy.kind} is not enforced by the ${ctx.enforcer} enforcer (use --enforcer calico)`,
      );
      return;
    case 'NetworkPolicy':
      if (ctx.enforcer === 'cilium') networkPolicyCilium(policy, ctx, sink);
      else networkPolicyReference(policy, ctx, sink);
      return;
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy':
      if (ctx.enforcer === 'cilium') ciliumPolicy(policy, ctx, cluster, sink);
      else
        sink.invalid(
          policy,
          `${policy.kind} is not enforced: the cluster does not run Cilium`,
        );
      return;
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
      // buildOverlay already leaves them out of Cilium clusters (reported as ignored).
      if (ctx.enforcer === 'cilium')
        sink.invalid(
          policy,
          `${policy.kind} is not enforced by the cilium enforcer (Cilium ≤1.19 has no AdminNetworkPolicy support)`,
        );
      else adminNetworkPolicyRules(policy, ctx, sink);
      return;
    default:
      sink.invalid(policy, `unsupported kind ${(policy as Policy).kind}`);
  }
}

const cache = new WeakMap<Overlay, CompiledOverlay>();

/** Compiles every cluster's policies once per overlay (cached: overlays are immutable). */
export function compileOverlay(overlay: Overlay): CompiledOverlay {
  const hit = cache.get(overlay);
  if (hit) return hit;
  const rules: Rule[] = [];
  const clusters = new Map<string, CompiledCluster>();
  const workloads = new Map<string, WorkloadInfo>();
  for (const state of overlay.clusters) {
    const ctx = enforcerContext(state);
    const cc: CompiledCluster = {
      state,
      ctx,
      rules: [],
      invalid: [],
      namedPorts: new Map(),
      layered: false,
    };
    const sink: RuleSink = {
      add(r) {
        const rule = { ...r, index: rules.length } as Rule;
        rules.push(rule);
        cc.rules.push(rule);
      },
      invalid(policy, reason) {
        cc.invalid.push({ policy, reason });
      },
    };
    for (const p of state.policies) normalizePolicy(p, ctx, state, sink);
    cc.layered = cc.rules.some(r => r.layer !== undefined);
    for (const w of state.workloads) {
      workloads.set(w.ref, workloadInfo(w, ctx));
      for (const p of w.ports) {
        if (!p.name) continue;
        const key = `${p.protocol}/${p.name.toLowerCase()}`;
        const prev = cc.namedPorts.get(key);
        if (prev === undefined) cc.namedPorts.set(key, p.port);
        else if (prev !== p.port) cc.namedPorts.set(key, null);
      }
    }
    clusters.set(state.name, cc);
  }
  const compiled = { overlay, clusters, rules, workloads };
  cache.set(overlay, compiled);
  return compiled;
}

/**
 * `overlay` with `policies` put into their cluster (replacing same-id ones, appended last), its
 * compiled form derived from `overlay`'s: only the given policies are normalized again, the
 * workloads and every other policy's rules are reused. Equal to compiling the result afresh;
 * it exists because what-if analyses (lint's rule-redundant) change one policy at a time and a
 * full compile per change is most of their cost on large overlays.
 */
export function overlayWithPolicies(
  overlay: Overlay,
  policies: Policy[],
): Overlay {
  const base = compileOverlay(overlay);
  const added = new Map<string, Policy[]>();
  const next: Overlay = {
    version: overlay.version,
    clusters: overlay.clusters.map(c => {
      const mine = policies.filter(p => p.cluster === c.name);
      if (mine.length === 0) return c;
      added.set(c.name, mine);
      const ids = new Set(mine.map(p => p.id));
      return {
        ...c,
        policies: [...c.policies.filter(p => !ids.has(p.id)), ...mine],
      };
    }),
  };
  const rules: Rule[] = [];
  const clusters = new Map<string, CompiledCluster>();
  next.clusters.forEach((state, i) => {
    const old = base.clusters.get(overlay.clusters[i].name)!;
    const mine = added.get(state.name) ?? [];
    const changed = mine.length > 0;
    const offset = rules.length;
    // Rule.index is the position in the overlay's rule list (connectivity indexes arrays by it).
    if (!changed && old.rules.every((r, k) => r.index === offset + k)) {
      for (const r of old.rules) rules.push(r);
      clusters.set(state.name, old);
      return;
    }
    const ids = new Set(mine.map(p => p.id));
    const cc: CompiledCluster = {
      ...old,
      state,
      rules: [],
      invalid: old.invalid.filter(x => !ids.has(x.policy.id)),
    };
    const add = (r: Omit<Rule, 'index'>) => {
      const rule = { ...r, index: rules.length } as Rule;
      rules.push(rule);
      cc.rules.push(rule);
    };
    for (const r of old.rules) if (!ids.has(r.meta.policyId)) add(r);
    const sink: RuleSink = {
      add,
      invalid(policy, reason) {
        cc.invalid.push({ policy, reason });
      },
    };
    for (const p of mine) normalizePolicy(p, cc.ctx, state, sink);
    cc.layered = cc.rules.some(r => r.layer !== undefined);
    clusters.set(state.name, cc);
  });
  cache.set(next, {
    overlay: next,
    clusters,
    rules,
    workloads: base.workloads,
  });
  return next;
}
