import { lint } from './lint';
import { decode } from './__testutils__/decode';

/** Policies in the style of the Cilium and Kubernetes docs: valid, so no schema findings. */
const VALID = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: l3-rule
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      role: backend
  ingress:
    - fromEndpoints:
        - matchLabels:
            role: frontend
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: l4-rule
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: myService
  egress:
    - toPorts:
        - ports:
            - port: '80'
              protocol: TCP
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: rule1
  namespace: default
spec:
  description: L7 policy to restrict access to specific HTTP call
  endpointSelector:
    matchLabels:
      org: empire
      class: deathstar
  ingress:
    - fromEndpoints:
        - matchLabels:
            org: empire
      toPorts:
        - ports:
            - port: '80'
              protocol: TCP
          rules:
            http:
              - method: POST
                path: /v1/request-landing
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: fqdn
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      org: alliance
  egress:
    - toFQDNs:
        - matchName: api.github.com
      toPorts:
        - ports:
            - port: '443'
              protocol: TCP
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: kube-system
            k8s:k8s-app: kube-dns
      toPorts:
        - ports:
            - port: '53'
              protocol: ANY
          rules:
            dns:
              - matchPattern: '*'
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: cidr-rule
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: myService
  egress:
    - toCIDRSet:
        - cidr: 10.0.0.0/8
          except:
            - 10.96.0.0/12
    - toEntities:
        - kube-apiserver
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: external-lockdown
spec:
  endpointSelector: {}
  enableDefaultDeny:
    egress: false
    ingress: false
  ingressDeny:
    - fromEntities:
        - world
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - ipBlock:
            cidr: 172.17.0.0/16
            except:
              - 172.17.1.0/24
        - namespaceSelector:
            matchLabels:
              project: myproject
        - podSelector:
            matchLabels:
              role: frontend
      ports:
        - protocol: TCP
          port: 6379
  egress:
    - to:
        - ipBlock:
            cidr: 10.0.0.0/24
      ports:
        - protocol: TCP
          port: 5978
`;

describe('valid, doc-style policies', () => {
  it('produce no schema findings and no errors', () => {
    const findings = lint(decode(VALID, 'file:///valid.yaml'));
    expect(findings.filter(f => f.category === 'schema')).toEqual([]);
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
  });
});
