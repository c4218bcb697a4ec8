import type { ServicePort } from '../model/kube';
import {
  arrayOf,
  int,
  intOrString,
  objectOf,
  oneOf,
  refine,
  str,
  stringMap,
} from './fields';
import { labelValue, portName, qualifiedName } from './validation';

const servicePort = refine(
  objectOf<ServicePort>(
    {
      name: str,
      protocol: oneOf(['TCP', 'UDP', 'SCTP'] as const),
      port: int({ min: 1, max: 65535 }),
      targetPort: intOrString,
      nodePort: int({ min: 0, max: 65535 }),
      appProtocol: str,
    },
    { required: ['port'] },
  ),
  (p, _raw, path, ctx) => {
    if (
      typeof p.targetPort === 'number' &&
      (p.targetPort < 1 || p.targetPort > 65535)
    ) {
      ctx.error(
        'invalid-value',
        [...path, 'targetPort'],
        `${p.targetPort} must be between 1 and 65535`,
      );
    } else if (typeof p.targetPort === 'string' && portName(p.targetPort)) {
      ctx.error(
        'invalid-value',
        [...path, 'targetPort'],
        `"${p.targetPort}" is not a valid named port: ${portName(p.targetPort)}`,
      );
    }
  },
);

export const serviceSpec = objectOf(
  {
    selector: stringMap(qualifiedName, labelValue),
    ports: arrayOf(servicePort),
    type: oneOf([
      'ClusterIP',
      'NodePort',
      'LoadBalancer',
      'ExternalName',
    ] as const),
    clusterIP: str,
    clusterIPs: arrayOf(str),
    externalName: str,
  },
  { open: true },
);
