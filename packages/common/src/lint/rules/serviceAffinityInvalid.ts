import { defineRule } from '../rule';
import { isObj, str } from '../util/access';
import { ofKind } from '../util/policies';

const AFFINITY = ['service.cilium.io/affinity', 'io.cilium/service-affinity'];
const GLOBAL = ['service.cilium.io/global', 'io.cilium/global-service'];

const svc = (annotations: string) => `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  annotations:
${annotations}
spec:
  selector:
    app: api
  ports:
    - port: 80
`;

/** M09: affinity with a bad value, or on a non-global service. */
export const serviceAffinityInvalid = defineRule(
  {
    id: 'service-affinity-invalid',
    semanticsId: 'M09',
    title: 'Invalid or ineffective service affinity',
    severity: 'info',
    category: 'mesh',
    threat: 'misconfiguration',
    rationale:
      '`service.cilium.io/affinity` accepts `local`, `remote` or `none`, and only matters on a global service (`service.cilium.io/global: "true"`); otherwise it is an error or ignored.',
    badExample: svc('    service.cilium.io/affinity: nearest'),
    goodExample: svc(
      '    service.cilium.io/global: "true"\n    service.cilium.io/affinity: local',
    ),
    appliesTo: ['Service'],
    needsContext: false,
  },
  ctx =>
    ofKind(ctx.resources, 'Service').flatMap(r => {
      const ann = (r.object as { metadata?: { annotations?: unknown } })
        .metadata?.annotations;
      if (!isObj(ann)) return [];
      const key = AFFINITY.find(k => ann[k] !== undefined);
      if (!key) return [];
      const value = str(ann[key]) ?? '';
      const path = ['metadata', 'annotations', key];
      if (!['local', 'remote', 'none'].includes(value)) {
        return [
          {
            resource: r,
            path,
            message: `service affinity "${value}" is invalid: use local, remote or none.`,
          },
        ];
      }
      if (!GLOBAL.some(k => str(ann[k])?.toLowerCase() === 'true')) {
        return [
          {
            resource: r,
            path,
            message:
              'service affinity is ignored: the service is not global (service.cilium.io/global: "true").',
          },
        ];
      }
      return [];
    }),
);
