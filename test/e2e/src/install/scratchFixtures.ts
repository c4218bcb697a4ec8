/** The scratch app's own data: one team, its user, two components and their cluster. */
export const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: shop-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: other-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [shop-team] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: web
  annotations: { backstage.io/kubernetes-id: web }
spec: { type: service, lifecycle: production, owner: group:default/shop-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: api
  annotations: { backstage.io/kubernetes-id: api }
spec: { type: service, lifecycle: production, owner: group:default/shop-team }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  annotations: { backstage.io/kubernetes-id: billing }
spec: { type: service, lifecycle: production, owner: group:default/other-team }
`;

const deployment = (name: string, namespace: string, port?: number) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, backstage.io/kubernetes-id: ${name} } }
    spec: { containers: [{ name: ${name}, image: ${name}${
      port ? `, ports: [{ containerPort: ${port} }]` : ''
    } }] }
`;

export const MANIFESTS = `${deployment('web', 'shop')}${deployment(
  'api',
  'shop',
  9090,
)}${deployment('billing', 'billing', 8080)}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-from-web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: 9090 }]
---
# billing neither admits nor sends anything, so it is nobody's peer and stays out of shop-team's graph.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: billing }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

/** What only the test adds to the doc's app-config: ports, a private database prefix, sign-in. */
export function testConfig(options: {
  port: number;
  appUrl: string;
  dbPrefix: string;
}): string {
  const url = `http://127.0.0.1:${options.port}`;
  return `app:
  baseUrl: ${options.appUrl}
backend:
  baseUrl: ${url}
  listen: { host: 127.0.0.1, port: ${options.port} }
  cors:
    origin: ${options.appUrl}
    credentials: true
  database:
    prefix: ${options.dbPrefix}
auth:
  providers:
    # Test sign-in only: the scratch app has no identity provider to sign in with.
    guest:
      userEntityRef: user:default/alice
      dangerouslyAllowOutsideDevelopment: true
catalog:
  rules:
    - allow: [Component, Group, User, Location]
  locations:
    - type: file
      target: ./catalog.yaml
`;
}
