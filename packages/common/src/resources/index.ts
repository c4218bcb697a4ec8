export { decodeDocument, decodeObject, decodeText, ingestText } from './decode';
export {
  applyIngestionPolicy,
  ignoredPolicyMessage,
  isInertPath,
} from './ingestion';
export type { IngestionVerdict } from './ingestion';
export { DecodeContext } from './context';
export { KINDS, SUPPORTED_KINDS } from './kinds';
export type { KindSpec } from './kinds';
export {
  CILIUM_RULE_FIELDS,
  CILIUM_INGRESS_L3,
  CILIUM_EGRESS_L3,
  CILIUM_ENTITIES,
  CILIUM_PROTOCOLS,
  CILIUM_EXTENDED_PROTOCOLS,
  CILIUM_MAX_PORTS,
} from './ciliumFields';
export type { CiliumFieldGroup } from './ciliumFields';
export * from './validation';
export { labelSelector, k8sSelector, ciliumSelector } from './selectors';
export type { SelectorFlavor } from './selectors';
export type { Decoder } from './fields';
export { spiffeId, trustDomainName } from './spire';
