export * from './types';
export { parseCidr as parseIpRange, cidrMatches, type IpRange } from './cidr';
export {
  enforcerContext,
  ciliumEnforces,
  type EnforcerContext,
} from './context';
export {
  compileOverlay,
  normalizePolicy,
  type CompiledCluster,
  type CompiledOverlay,
} from './compile';
export {
  defaultedPolicyTypes,
  networkPolicyReference,
  networkPolicyCilium,
} from './networkPolicy';
export { ciliumPolicy } from './ciliumPolicy';
export {
  adminNetworkPolicyRules,
  adminSubjectSelects,
  describeLayeredRule,
  layerOrder,
} from './adminNetworkPolicy';
export { networkPolicyPorts, ciliumPorts } from './ports';
export {
  peerMatches,
  entityMatches,
  subjectMatches,
  viewWorkload,
  viewExternal,
  workloadInfo,
} from './peers';
export type { RuleSink } from './ruleMeta';
export {
  namedPortResolver,
  portTier,
  matchingPortEntries,
  type NamedPortResolver,
} from './namedPorts';
export {
  ANP_TIER,
  BANP_TIER,
  DEFAULT_TIER,
  DEFAULT_TIER_ORDER,
  KNP_ORDER,
  calicoEndpointLabels,
  calicoOrder,
  calicoPolicySelects,
  calicoPolicyTypes,
  calicoTiers,
  describeCalicoRule,
  type CalicoTierInfo,
} from './calico';
