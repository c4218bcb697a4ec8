import type { ObjectMeta, OwnerReference } from '../model/kube';
import {
  arrayOf,
  bool,
  int,
  objectOf,
  str,
  stringMap,
  type Fields,
} from './fields';
import { dns1123Subdomain, qualifiedName, labelValue } from './validation';

const ownerReference = objectOf<OwnerReference>(
  {
    apiVersion: str,
    kind: str,
    name: str,
    uid: str,
    controller: bool,
    blockOwnerDeletion: bool,
  },
  { required: ['apiVersion', 'kind', 'name'] },
);

/** Every ObjectMeta field the API server knows, so metadata typos are reported too. */
export const objectMetaFields: Fields = {
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid: str,
  resourceVersion: str,
  generation: int(),
  creationTimestamp: v => v,
  deletionTimestamp: v => v,
  deletionGracePeriodSeconds: int(),
  labels: stringMap(qualifiedName, labelValue),
  annotations: stringMap(qualifiedName),
  ownerReferences: arrayOf(ownerReference),
  finalizers: arrayOf(str),
  managedFields: v => v,
};

export const objectMeta = objectOf<ObjectMeta>(objectMetaFields);

/** metadata of a pod template: same fields, nothing required. */
export const templateMeta = objectOf<Partial<ObjectMeta>>(objectMetaFields);

export function nameProblem(name: string): string | undefined {
  return dns1123Subdomain(name);
}
