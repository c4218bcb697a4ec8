import type {
  DecidingRule,
  Direction,
  LabelSelector,
  Protocol,
  Workload,
} from '../model';
import type {
  CalicoSelector,
  EndpointSelector,
  IdentityLabels,
} from '../selectors';
import type { IpRange } from './cidr';

/** One port entry of a rule; `name` is a named port resolved against the destination. */
export interface PortEntry {
  protocols: Protocol[];
  /** Absent (and no name) = every port of the protocols. */
  port?: number;
  endPort?: number;
  name?: string;
  /** This entry carries L7 rules (HTTP, DNS, Kafka…): matching traffic is proxied. */
  l7: boolean;
  /** This entry carries DNS L7 rules (what makes toFQDNs work, §2.9). */
  dns: boolean;
}

/** 'all' = every protocol and port (incl. ICMP); a list = those entries only. */
export type PortMatch = 'all' | PortEntry[];

export type PeerMatcher =
  /** Every peer, world included. */
  | { kind: 'any' }
  /** Kubernetes reference semantics: pods of the policy's cluster (§1.4). */
  | {
      kind: 'k8s';
      cluster: string;
      namespace: string;
      podSelector?: LabelSelector;
      namespaceSelector?: LabelSelector;
      /** AdminNetworkPolicy peers: host-network pods are never included (§1.8). */
      admin?: boolean;
    }
  /** AdminNetworkPolicy `nodes: {}`: every node of the cluster (host-network pods, the host). */
  | { kind: 'nodes'; cluster: string }
  /** CIDR / ipBlock; `matchPods` false under Cilium (§2.7). */
  | {
      kind: 'cidr';
      text: string;
      cidr: IpRange;
      except: IpRange[];
      matchPods: boolean;
    }
  /** Cilium identity selector, already rewritten (§2.4). */
  | { kind: 'identity'; selector: EndpointSelector }
  /** Cilium entity (§2.6). */
  | { kind: 'entity'; entity: string }
  /** Selects nothing (toFQDNs without a DNS rule, selector-less services, groups…). */
  | { kind: 'none'; why: string }
  /** A Calico EntityRule (source of an ingress rule, destination of an egress rule), §3.2. */
  | { kind: 'calico'; cluster: string; entity: CalicoEntityMatch };

/**
 * A Calico EntityRule as libcalico-go's GetEntityRuleSelector combines it: one positive
 * endpoint selector (namespace part AND service accounts AND selector), the notSelector, and
 * the nets; every part present must match.
 */
export interface CalicoEntityMatch {
  /** Absent: no selector constraint (any peer, Calico endpoint or not). */
  endpoint?: {
    /** Endpoints of this namespace (a namespaced policy without namespaceSelector). */
    namespace?: string;
    /** namespaceSelector, over `pcns.` labels; all() = namespaced, global() = none. */
    namespaceSelector?: CalicoSelector;
    selector?: CalicoSelector;
    serviceAccountNames?: string[];
    /** serviceAccounts.selector, over `pcsa.` labels. */
    serviceAccountSelector?: CalicoSelector;
  };
  notSelector?: CalicoSelector;
  nets?: Array<{ text: string; range: IpRange }>;
  notNets?: IpRange[];
  /** Stable text of the whole match (interning, connectivity's peer cache). */
  key: string;
}

export type SubjectMatcher =
  | { kind: 'k8s'; namespace: string; selector: LabelSelector }
  /** AdminNetworkPolicy subject: pods (never host-network) in namespaces by label (§1.8). */
  | {
      kind: 'admin';
      namespaceSelector: LabelSelector;
      podSelector?: LabelSelector;
    }
  | { kind: 'identity'; selector: EndpointSelector }
  /**
   * A Calico policy's `selector` (and `serviceAccountSelector`, GNP `namespaceSelector`) in
   * its namespace or cluster-wide; `local` is the rule's entity for the local endpoint
   * (destination of an ingress rule, source of an egress rule).
   */
  | {
      kind: 'calico';
      namespace?: string;
      selector: CalicoSelector;
      serviceAccountSelector?: CalicoSelector;
      namespaceSelector?: CalicoSelector;
      local?: CalicoEntityMatch;
    };

export type AuthMode = 'none' | 'required' | 'disabled' | 'always-fail';

/**
 * Policy layers of the kubernetes enforcer (SEMANTICS §1.8), evaluated per direction in
 * this order: `admin` (AdminNetworkPolicy) → NetworkPolicy → `baseline`
 * (BaselineAdminNetworkPolicy) → default allow. `calico`: every rule of a calico-enforced
 * cluster, ordered by Rule.calico (§3.4).
 */
export type PolicyLayer = 'admin' | 'baseline' | 'calico';

/** Where a rule sits in Calico's evaluation order (tier, policy, rule). */
export interface CalicoOrder {
  tier: string;
  /** Infinity for a tier without `order`. */
  tierOrder: number;
  /** Infinity for a policy without `order`. */
  policyOrder: number;
  /** Ties of `order` are broken by this (`namespace/name`, or `name` for global policies). */
  policyKey: string;
  ruleIndex: number;
  /** The end of the policy's tier: matches every flow, action = the tier's defaultAction. */
  tierDefault?: boolean;
}

/** The normalized form of every policy kind (one entry of ingress/egress/…Deny). */
export interface Rule {
  /** Index in the compiled overlay's rule list. */
  index: number;
  cluster: string;
  direction: Direction;
  /** `pass` only in AdminNetworkPolicy and Calico rules (and Calico tier defaults). */
  action: 'allow' | 'deny' | 'pass';
  /** Absent: a NetworkPolicy or Cilium rule. Layered rules decide first-match, in order. */
  layer?: PolicyLayer;
  /** Set exactly when layer is `calico`. */
  calico?: CalicoOrder;
  subject: SubjectMatcher;
  /** Selecting an endpoint with this rule turns on default deny in `direction` (§1.3, §2.13). */
  defaultDeny: boolean;
  /** ORed; empty = matches nothing (a pure isolation rule). */
  peers: PeerMatcher[];
  ports: PortMatch;
  /** `none` = no explicit authentication.mode. */
  auth: AuthMode;
  meta: DecidingRule;
}

/** What the engine knows about a workload, precomputed once. */
export interface WorkloadInfo {
  workload: Workload;
  /** Cilium identity labels (in the workload's own cluster) when that cluster runs Cilium. */
  identity?: IdentityLabels;
  ranges: IpRange[];
}

/**
 * A peer as the enforcing cluster sees it. A workload of another cluster that is not
 * part of the same Cilium mesh is just external addresses.
 */
export interface PeerView {
  kind: 'workload' | 'entity' | 'external';
  info?: WorkloadInfo;
  /** Cilium identity of the peer in this view (workloads in the mesh, entities). */
  identity?: IdentityLabels;
  /** Reserved entity name in this view: host, remote-node, world, kube-apiserver, health, … */
  entity?: string;
  ranges: IpRange[];
}
