import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { YtkClient, ytkApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The ytk frontend plugin (legacy frontend system). */
export const ytkPlugin = createPlugin({
  id: 'ytk',
  apis: [
    createApiFactory({
      api: ytkApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new YtkClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, entityContent: entityContentRouteRef },
});

/** The network page; mount it at `/ytk`. */
export const YtkPage = ytkPlugin.provide(
  createRoutableExtension({
    name: 'YtkPage',
    component: () => import('./components/YtkPage').then(m => m.YtkPage),
    mountPoint: rootRouteRef,
  }),
);

/** The entity Network tab. */
export const EntityYtkNetworkContent = ytkPlugin.provide(
  createRoutableExtension({
    name: 'EntityYtkNetworkContent',
    component: () =>
      import('./components/Entity').then(m => m.EntityYtkNetworkContent),
    mountPoint: entityContentRouteRef,
  }),
);

/** The entity overview card. */
export const EntityYtkNetworkCard = ytkPlugin.provide(
  createComponentExtension({
    name: 'EntityYtkNetworkCard',
    component: {
      lazy: () =>
        import('./components/Entity').then(m => m.EntityYtkNetworkCard),
    },
  }),
);
