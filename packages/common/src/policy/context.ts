import type { CiliumFlags, ClusterState, EnforcerKind } from '../model';
import { ciliumAtLeast } from '../overlay/version';

/** How one cluster enforces: enforcer, flags and the version gates the engine needs (§2.17). */
export interface EnforcerContext {
  cluster: string;
  enforcer: EnforcerKind;
  flags?: CiliumFlags;
  /** Cilium's own cluster name (identity label value). */
  ciliumClusterName: string;
  /** Cluster injected into peer selectors (§2.4), when policy-default-local-cluster is on. */
  defaultLocalCluster?: string;
  /** 1.20: per-destination egress named ports and the `cluster-mesh` entity. */
  v120: boolean;
  /** 1.19: Requires removed. */
  v119: boolean;
}

export function enforcerContext(c: ClusterState): EnforcerContext {
  const flags = c.enforcer === 'cilium' ? c.cilium : undefined;
  const ciliumClusterName = flags?.clusterName ?? c.name;
  return {
    cluster: c.name,
    enforcer: c.enforcer,
    flags,
    ciliumClusterName,
    defaultLocalCluster: flags?.policyDefaultLocalCluster
      ? ciliumClusterName
      : undefined,
    v120: ciliumAtLeast(flags?.version, 1, 20),
    v119: ciliumAtLeast(flags?.version, 1, 19),
  };
}

/** Whether the enforcer in this context actually enforces (enable-policy never, audit mode). */
export function ciliumEnforces(ctx: EnforcerContext): boolean {
  if (ctx.enforcer !== 'cilium' || !ctx.flags) return true;
  return ctx.flags.enablePolicy !== 'never' && !ctx.flags.policyAuditMode;
}
