/** Builders for SPIRE controller-manager CRD examples. */
export function clusterSpiffeId(template: string, extra = ''): string {
  return `apiVersion: spire.spiffe.io/v1alpha1
kind: ClusterSPIFFEID
metadata:
  name: workloads
spec:
  spiffeIDTemplate: ${JSON.stringify(template)}
  podSelector:
    matchLabels:
      spiffe: enabled
${extra}`;
}

export function federatedTrustDomain(name: string, body: string): string {
  return `apiVersion: spire.spiffe.io/v1alpha1
kind: ClusterFederatedTrustDomain
metadata:
  name: ${name}
spec:
${body
  .trim()
  .split('\n')
  .map(l => `  ${l}`)
  .join('\n')}
`;
}
