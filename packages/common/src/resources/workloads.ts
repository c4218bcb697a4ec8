import type {
  Container,
  ContainerPort,
  PodSpec,
  PodTemplateSpec,
} from '../model/kube';
import {
  arrayOf,
  bool,
  int,
  isPlainObject,
  objectOf,
  oneOf,
  pattern,
  refine,
  str,
  stringMap,
  type Decoder,
} from './fields';
import { templateMeta } from './meta';
import { k8sSelector } from './selectors';
import { labelValue, portName, qualifiedName } from './validation';

/*
 * Pods and their controllers. Only the fields the engine reads are checked; the rest of
 * the (very large) pod API is kept as-is and never reported as unknown.
 */

const containerPort = objectOf<ContainerPort>(
  {
    name: pattern(portName),
    containerPort: int({ min: 1, max: 65535 }),
    protocol: oneOf(['TCP', 'UDP', 'SCTP'] as const),
    hostPort: int({ min: 0, max: 65535 }),
  },
  { required: ['containerPort'], open: true },
);

const container = objectOf<Container>(
  { name: str, image: str, ports: arrayOf(containerPort) },
  { required: ['name'], open: true },
);

export const podSpec = objectOf<PodSpec>(
  {
    containers: arrayOf(container),
    initContainers: arrayOf(container),
    serviceAccountName: str,
    serviceAccount: str,
    hostNetwork: bool,
    nodeName: str,
  },
  { required: ['containers'], open: true },
);

export const podTemplate = objectOf<PodTemplateSpec>(
  { metadata: templateMeta, spec: podSpec },
  { required: ['spec'] },
);

export const podStatus = objectOf(
  {
    podIP: str,
    podIPs: arrayOf(objectOf({ ip: str }, { open: true })),
    phase: str,
  },
  { open: true },
);

/** Deployment, ReplicaSet, StatefulSet, DaemonSet, Job: label selector + template. */
export const controllerSpec = objectOf<Record<string, unknown>>(
  { replicas: int({ min: 0 }), selector: k8sSelector, template: podTemplate },
  { required: ['template'], open: true },
);

/** ReplicationController's selector is a plain label map. */
export const replicationControllerSpec = objectOf(
  {
    replicas: int({ min: 0 }),
    selector: stringMap(qualifiedName, labelValue),
    template: podTemplate,
  },
  { required: ['template'], open: true },
);

export const cronJobSpec = objectOf(
  {
    schedule: str,
    jobTemplate: objectOf(
      {
        metadata: templateMeta,
        spec: objectOf(
          { template: podTemplate },
          { required: ['template'], open: true },
        ),
      },
      { required: ['spec'] },
    ),
  },
  { required: ['schedule', 'jobTemplate'], open: true },
);

/** A template's labels must satisfy its controller's matchLabels (the server rejects the mismatch). */
export const checkedControllerSpec: Decoder<Record<string, unknown>> = refine(
  controllerSpec,
  (spec, _raw, path, ctx) => {
    const selector = spec.selector as
      { matchLabels?: Record<string, string> } | undefined;
    const template = spec.template as PodTemplateSpec | undefined;
    const labels = template?.metadata?.labels ?? {};
    if (!selector?.matchLabels || !isPlainObject(template)) return;
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (labels[k] !== v) {
        ctx.error(
          'invalid-value',
          [...path, 'template', 'metadata', 'labels'],
          `selector does not match template labels (${k}=${v})`,
        );
        return;
      }
    }
  },
);
