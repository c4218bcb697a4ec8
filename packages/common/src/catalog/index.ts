export {
  entityMatchesWorkload,
  parseEqualityLabelSelector,
  KUBERNETES_CLUSTER,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
  KUBERNETES_NAMESPACE,
  type SelectorRequirement,
} from './kubernetesAnnotations';
