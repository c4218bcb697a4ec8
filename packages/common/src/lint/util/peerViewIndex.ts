import type { Workload } from '../../model';
import {
  peerMatches,
  type EnforcerContext,
  type PeerView,
  type Rule,
} from '../../policy';
import { IdentityIndex } from '../../selectors/identityIndex';
import { groupByPlace, inCluster, inNamespace, type Places } from './places';

/**
 * The overlay's workloads as one enforcer sees them as peers, indexed so a rule's peers are
 * checked against the workloads they may match (its namespace, its identity labels) instead
 * of against every workload: the redundancy rule asks this for every allow rule it checks.
 * Built on first use; the views themselves are made on demand by `viewOf`.
 */
export class PeerViewIndex {
  private identities?: IdentityIndex;
  private byPlace?: Places<number>;

  constructor(
    private readonly workloads: readonly Workload[],
    private readonly viewOf: (w: Workload) => PeerView,
    private readonly ctx: EnforcerContext,
  ) {}

  /** The workloads (in their order) that some peer of some of `rules` matches. */
  matching(rules: readonly Rule[]): Workload[] {
    const matches = (w: Workload) => {
      const v = this.viewOf(w);
      return rules.some(r => r.peers.some(p => peerMatches(p, v, this.ctx)));
    };
    const candidates = this.candidates(rules);
    if (!candidates) return this.workloads.filter(matches);
    return candidates.map(i => this.workloads[i]).filter(matches);
  }

  /** Ascending positions that may match, or undefined when some peer needs a full scan. */
  private candidates(rules: readonly Rule[]): readonly number[] | undefined {
    const lists: Array<readonly number[]> = [];
    for (const r of rules)
      for (const p of r.peers) {
        let list: readonly number[] | undefined;
        if (p.kind === 'none') continue;
        if (p.kind === 'identity')
          list = this.identityIndex().candidates(p.selector);
        else if (p.kind === 'k8s')
          list = p.namespaceSelector
            ? inCluster(this.places(), p.cluster)
            : inNamespace(this.places(), p.cluster, p.namespace);
        if (!list) return undefined; // entities, CIDRs, any…: every peer may match
        lists.push(list);
      }
    if (lists.length === 1) return lists[0];
    return [...new Set(lists.flat())].sort((a, b) => a - b);
  }

  private identityIndex(): IdentityIndex {
    this.identities ??= new IdentityIndex(
      this.workloads.map(w => this.viewOf(w).identity),
    );
    return this.identities;
  }

  /** Positions by the cluster and namespace of the workload in the view (what k8s peers test). */
  private places(): Places<number> {
    // A view that is not a workload's is in no place: no k8s peer matches it.
    this.byPlace ??= groupByPlace(
      this.workloads.keys(),
      i => this.viewOf(this.workloads[i]).info?.workload,
    );
    return this.byPlace;
  }
}
