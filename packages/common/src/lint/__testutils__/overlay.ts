import { buildOverlay } from '../../overlay';
import type { Overlay } from '../../model';
import { decode } from './decode';

const deployment = (
  name: string,
  port: string,
  num: number,
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          ports:
            - name: ${port}
              containerPort: ${num}
`;

/** The documented context of the examples: c1/shop (Istio sidecars injected) with web (http 8080) and db (pg 5432); c2/shop with api. */
export function exampleOverlay(): Overlay {
  const text = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: shop
    istio-injection: enabled
---
${deployment('web', 'http', 8080)}---
${deployment('db', 'pg', 5432)}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  cluster-name: c1
  cluster-id: "1"
`;
  const c2 = `${deployment('api', 'http', 8080)}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  cluster-name: c2
  cluster-id: "2"
`;
  return buildOverlay([
    { name: 'c1', resources: decode(text, 'cluster://c1').resources as any },
    { name: 'c2', resources: decode(c2, 'cluster://c2').resources as any },
  ]);
}
