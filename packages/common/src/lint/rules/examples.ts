/** Builders for catalogue examples: a policy header around a spec body written at column 0. */

function indent(body: string, n: number): string {
  const pad = ' '.repeat(n);
  return body
    .trim()
    .split('\n')
    .map(l => (l ? pad + l : l))
    .join('\n');
}

export function cnp(
  spec: string,
  name = 'example',
  namespace = 'shop',
): string {
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${indent(spec, 2)}
`;
}

export function ccnp(spec: string, name = 'example'): string {
  return `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: ${name}
spec:
${indent(spec, 2)}
`;
}

export function np(spec: string, name = 'example', namespace = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${indent(spec, 2)}
`;
}

export function anp(spec: string, name = 'example'): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: ${name}
spec:
${indent(spec, 2)}
`;
}

export function banp(spec: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
${indent(spec, 2)}
`;
}

export function ciliumConfig(data: Record<string, string>): string {
  const lines = Object.entries(data).map(
    ([k, v]) => `  ${k}: ${JSON.stringify(v)}`,
  );
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
${lines.join('\n')}
`;
}

export const CILIUM_KINDS = [
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
];

/** A projectcalico.org/v3 NetworkPolicy (namespaced) or GlobalNetworkPolicy. */
export function calico(
  spec: string,
  kind: 'NetworkPolicy' | 'GlobalNetworkPolicy' = 'NetworkPolicy',
  name = 'example',
): string {
  return `apiVersion: projectcalico.org/v3
kind: ${kind}
metadata:
  name: ${name}
${kind === 'NetworkPolicy' ? '  namespace: shop\n' : ''}spec:
${indent(spec, 2)}
`;
}
