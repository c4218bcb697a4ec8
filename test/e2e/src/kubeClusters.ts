import type { KubeApiServer } from '@ytknetwork/kube-api-test-server';

/**
 * The config lines (YAML, indented for `ytk:`) that make the backend watch these kube-api test
 * servers as `source: kubernetes` clusters with guest sign-in as `user`, peering in apply mode.
 */
export function guestAndClustersConfig(
  user: string,
  clusters: Record<string, KubeApiServer>,
  peering: string[] = [],
): string[] {
  return [
    'auth:',
    '  environment: development',
    '  providers:',
    '    guest:',
    `      userEntityRef: ${user}`,
    'ytk:',
    '  clusters:',
    ...Object.entries(clusters).flatMap(([name, c]) => [
      `    - name: ${name}`,
      `      source: kubernetes`,
      `      url: ${c.url}`,
      `      caData: ${JSON.stringify(c.caData)}`,
      `      serviceAccountToken: ${JSON.stringify(c.token)}`,
    ]),
    '  peering:',
    '    mode: apply',
    ...peering.map(line => `    ${line}`),
  ];
}
