import type { Entity } from '@backstage/catalog-model';

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** True when the entity names its workloads the way the Kubernetes plugin does. */
export function isYtkAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] ||
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
}
