import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The network page, mounted by the app (conventionally at `/ytk`). */
export const rootRouteRef = createRouteRef({ id: 'ytk' });

/** One policy's YAML with its findings. */
export const policyRouteRef = createSubRouteRef({
  id: 'ytk/policy',
  parent: rootRouteRef,
  path: '/policies/:cluster/:namespace/:kind/:name',
});

/** Path of a policy view relative to the network page (cluster-wide policies use `-` as namespace). */
export function policyPath(p: {
  cluster: string;
  namespace?: string;
  kind: string;
  name: string;
}): string {
  return `policies/${[p.cluster, p.namespace || '_', p.kind, p.name]
    .map(encodeURIComponent)
    .join('/')}`;
}

/** The entity Network tab (a route of its own: the page and the tab mount separately). */
export const entityContentRouteRef = createRouteRef({
  id: 'ytk:entity-content',
});
