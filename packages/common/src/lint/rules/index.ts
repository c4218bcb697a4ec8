import type { LintRule } from '../types';
import { allowRuleUnused } from './allowRuleUnused';
import { ruleRedundant } from './ruleRedundant';
import { clusterPeerLocalOnly } from './clusterPeerLocalOnly';
import { clusterLabelUnknown } from './clusterLabelUnknown';
import { policySelectsNothing } from './policySelectsNothing';
import { peerSelectsNothing } from './peerSelectsNothing';
import { namedPortUnresolved } from './namedPortUnresolved';
import { namespaceWithoutDefaultDeny } from './namespaceWithoutDefaultDeny';
import { anpEqualPriority } from './anpEqualPriority';
import { anpNetworksClusterRange } from './anpNetworksClusterRange';
import { anpNotEnforcedCilium } from './anpNotEnforcedCilium';
import { anpPassNothingBelow } from './anpPassNothingBelow';
import { authAgentDisabled } from './authAgentDisabled';
import { authBroadAllow } from './authBroadAllow';
import { authCrossCluster } from './authCrossCluster';
import { authDeprecated } from './authDeprecated';
import { authInherited } from './authInherited';
import { banpNeverReached } from './banpNeverReached';
import { calicoEqualOrder } from './calicoEqualOrder';
import { calicoNotSelector } from './calicoNotSelector';
import { calicoSelectorAbsentLabel } from './calicoSelectorAbsentLabel';
import { calicoTierDefaultDeny } from './calicoTierDefaultDeny';
import { calicoTypesDefaulting } from './calicoTypesDefaulting';
import { ccnpSelectsAll } from './ccnpSelectsAll';
import { cidrExceptOutside } from './cidrExceptOutside';
import { cidrIpv4OnlyWorld } from './cidrIpv4OnlyWorld';
import { ciliumConfigClusterIdentity } from './ciliumConfigClusterIdentity';
import { ciliumEmptyPeerList } from './ciliumEmptyPeerList';
import { ciliumEmptyRule } from './ciliumEmptyRule';
import { ciliumEmptySelectorPeer } from './ciliumEmptySelectorPeer';
import { ciliumEntityWorld } from './ciliumEntityWorld';
import { ciliumKafkaRemoved } from './ciliumKafkaRemoved';
import { ciliumMixedL3 } from './ciliumMixedL3';
import { ciliumPortsOnly } from './ciliumPortsOnly';
import { ciliumRequiresRemoved } from './ciliumRequiresRemoved';
import { clusterPeerAllClusters } from './clusterPeerAllClusters';
import { cnpSelectsNamespace } from './cnpSelectsNamespace';
import { cnpSubjectNamespace } from './cnpSubjectNamespace';
import { crossClusterUnauthenticated } from './crossClusterUnauthenticated';
import { denyEnablesDefaultDeny } from './denyEnablesDefaultDeny';
import { dnsRuleOnIngress } from './dnsRuleOnIngress';
import { dnsRulesMissClusterNames } from './dnsRulesMissClusterNames';
import { egressNoDns } from './egressNoDns';
import { enforcementDisabled } from './enforcementDisabled';
import { entityClusterLocalPods } from './entityClusterLocalPods';
import { fqdnDoubleStar } from './fqdnDoubleStar';
import { fqdnWithoutDnsProxy } from './fqdnWithoutDnsProxy';
import { icmpWithPorts } from './icmpWithPorts';
import { istioAllowNothing } from './istioAllowNothing';
import { istioPermissiveCrossCluster } from './istioPermissiveCrossCluster';
import { istioPrincipalUnknown } from './istioPrincipalUnknown';
import { istioRootSelector } from './istioRootSelector';
import { l7InvalidPort } from './l7InvalidPort';
import { l7NeedsProxy } from './l7NeedsProxy';
import { l7ProxyDisabled } from './l7ProxyDisabled';
import { l7VoidedByL4 } from './l7VoidedByL4';
import { nodeSelectorPolicy } from './nodeSelectorPolicy';
import { nonDefaultDenyNoDeny } from './nonDefaultDenyNoDeny';
import { npAllowAllSources } from './npAllowAllSources';
import { npIpBlockClusterRange } from './npIpBlockClusterRange';
import { npPeerSplit } from './npPeerSplit';
import { npPolicyTypesIgnoredSection } from './npPolicyTypesIgnoredSection';
import { npPolicyTypesOmitted } from './npPolicyTypesOmitted';
import { selectorFilteredLabel } from './selectorFilteredLabel';
import { serviceAffinityInvalid } from './serviceAffinityInvalid';
import { spiffeBundleEndpoint } from './spiffeBundleEndpoint';
import { spiffeDuplicateEntry } from './spiffeDuplicateEntry';
import { spiffeFederatesWithUnknown } from './spiffeFederatesWithUnknown';
import { spiffeIdTemplateInvalid } from './spiffeIdTemplateInvalid';
import { spiffeIgnoredNamespace } from './spiffeIgnoredNamespace';
import { spiffeSelfServingNoBundle } from './spiffeSelfServingNoBundle';
import { spiffeTrustDomainInvalid } from './spiffeTrustDomainInvalid';
import { toServicesKubernetes } from './toServicesKubernetes';
import { tooManyPorts } from './tooManyPorts';

/** Every rule, in catalogue order (SEMANTICS §7: K, C, M, A, S; context rules last). */
export const RULES: LintRule[] = [
  egressNoDns,
  npPolicyTypesOmitted,
  npPolicyTypesIgnoredSection,
  npPeerSplit,
  npAllowAllSources,
  npIpBlockClusterRange,
  selectorFilteredLabel,
  anpEqualPriority,
  anpNetworksClusterRange,
  anpNotEnforcedCilium,
  calicoTierDefaultDeny,
  calicoSelectorAbsentLabel,
  calicoNotSelector,
  calicoEqualOrder,
  calicoTypesDefaulting,
  ciliumMixedL3,
  ciliumRequiresRemoved,
  ciliumKafkaRemoved,
  ciliumEntityWorld,
  ccnpSelectsAll,
  cnpSelectsNamespace,
  ciliumEmptySelectorPeer,
  ciliumEmptyPeerList,
  ciliumEmptyRule,
  ciliumPortsOnly,
  cnpSubjectNamespace,
  fqdnWithoutDnsProxy,
  dnsRulesMissClusterNames,
  fqdnDoubleStar,
  dnsRuleOnIngress,
  l7InvalidPort,
  l7ProxyDisabled,
  l7VoidedByL4,
  l7NeedsProxy,
  denyEnablesDefaultDeny,
  nonDefaultDenyNoDeny,
  toServicesKubernetes,
  cidrIpv4OnlyWorld,
  nodeSelectorPolicy,
  icmpWithPorts,
  tooManyPorts,
  cidrExceptOutside,
  enforcementDisabled,
  clusterPeerAllClusters,
  ciliumConfigClusterIdentity,
  entityClusterLocalPods,
  serviceAffinityInvalid,
  authCrossCluster,
  authAgentDisabled,
  authDeprecated,
  authBroadAllow,
  authInherited,
  crossClusterUnauthenticated,
  spiffeIdTemplateInvalid,
  spiffeIgnoredNamespace,
  spiffeDuplicateEntry,
  spiffeFederatesWithUnknown,
  spiffeBundleEndpoint,
  spiffeTrustDomainInvalid,
  spiffeSelfServingNoBundle,
  istioAllowNothing,
  istioRootSelector,
  policySelectsNothing,
  peerSelectsNothing,
  namedPortUnresolved,
  namespaceWithoutDefaultDeny,
  anpPassNothingBelow,
  banpNeverReached,
  clusterPeerLocalOnly,
  clusterLabelUnknown,
  istioPrincipalUnknown,
  istioPermissiveCrossCluster,
  ruleRedundant,
  allowRuleUnused,
];
