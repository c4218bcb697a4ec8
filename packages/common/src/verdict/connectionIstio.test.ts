import { computeConnectivity } from '../connectivity';
import { buildOverlay } from '../overlay';
import { decodeText } from '../resources';
import { annotateIstio } from './connectionIstio';

const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: main, ports: [{containerPort: 5432}, {containerPort: 9187}]}]}
`;
const PA = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  mtls: {mode: STRICT}
  portLevelMtls:
    9187: {mode: PERMISSIVE}
`;
const ONLY_5432 = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{ports: [{port: 5432}]}]
`;

function toDb(text: string) {
  const overlay = buildOverlay([
    { name: 'c1', resources: decodeText(text, 'c1.yaml').resources },
  ]);
  const { connections } = computeConnectivity(overlay, {
    includeExternal: false,
  });
  const annotated = annotateIstio(overlay, connections);
  return {
    same: annotated === connections,
    istio: annotated.find(
      c => 'workload' in c.to && c.to.workload === 'c1/shop/Pod/db',
    )?.istio,
  };
}

describe('annotateIstio', () => {
  it('gives the mode per allowed declared port, mixed when they differ', () => {
    expect(toDb(BASE + PA).istio).toEqual({
      mtls: 'mixed',
      ports: [
        { port: 5432, mtls: 'strict' },
        { port: 9187, mtls: 'permissive' },
      ],
    });
  });

  it('looks only at the ports the connection allows', () => {
    expect(toDb(BASE + PA + ONLY_5432).istio).toEqual({
      mtls: 'strict',
      ports: [{ port: 5432, mtls: 'strict' }],
    });
  });

  it('returns the connections untouched when no cluster has Istio objects', () => {
    expect(toDb(BASE)).toEqual({ same: true, istio: undefined });
  });
});
