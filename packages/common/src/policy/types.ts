import type {
  DecidingRule,
  Direction,
  LabelSelector,
  Protocol,
  Workload,
} from '../model';
import type { EndpointSelector, IdentityLabels } from '../selectors';
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
  | { kind: 'none'; why: string };

export type SubjectMatcher =
  | { kind: 'k8s'; namespace: string; selector: LabelSelector }
  /** AdminNetworkPolicy subject: pods (never host-network) in namespaces by label (§1.8). */
  | {
      kind: 'admin';
      namespaceSelector: LabelSelector;
      podSelector?: LabelSelector;
    }
  | { kind: 'identity'; selector: EndpointSelector };

export type AuthMode = 'none' | 'required' | 'disabled' | 'always-fail';

/**
 * Policy layers of the kubernetes enforcer (SEMANTICS §1.8), evaluated per direction in
 * this order: `admin` (AdminNetworkPolicy) → NetworkPolicy → `baseline`
 * (BaselineAdminNetworkPolicy) → default allow.
 */
export type PolicyLayer = 'admin' | 'baseline';

/** The normalized form of every policy kind (one entry of ingress/egress/…Deny). */
export interface Rule {
  /** Index in the compiled overlay's rule list. */
  index: number;
  cluster: string;
  direction: Direction;
  /** `pass` only in AdminNetworkPolicy rules. */
  action: 'allow' | 'deny' | 'pass';
  /** Absent: a NetworkPolicy or Cilium rule. Layered rules decide first-match, in order. */
  layer?: PolicyLayer;
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
