import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef } from '../../api';
import { rootRouteRef } from '../../routes';

/** The current entity's network (workloads, peers, policies, findings). */
export function useEntityNetwork() {
  const { entity } = useEntity();
  const api = useApi(ytkApiRef);
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  return useAsync(
    () => api.getEntityNetwork({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}

/** Link base of the network page; `/ytk` when the app has not mounted it (e.g. in isolation). */
export function useNetworkPagePath(): string {
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    return useRouteRef(rootRouteRef)();
  } catch {
    return '/ytk';
  }
}
