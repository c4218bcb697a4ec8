/**
 * The ytk plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { YtkClient, ytkApiRef } from './api';
import { isYtkAvailable } from './isYtkAvailable';
import { entityContentRouteRef, rootRouteRef } from './routes';

// The components use legacy route refs; converted refs make them resolvable in both systems.
const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  entityContent: entityContentRouteRef,
});

export const ytkApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ytkApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new YtkClient({ discoveryApi, fetchApi }),
    }),
});

export const ytkPage = PageBlueprint.make({
  params: {
    path: '/ytk',
    title: 'Network',
    routeRef: routes.root,
    loader: () =>
      import('./components/YtkPage').then(m => compatWrapper(<m.YtkPage />)),
  },
});

export const ytkEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'network',
    title: 'Network',
    routeRef: routes.entityContent,
    filter: isYtkAvailable,
    loader: () =>
      import('./components/Entity').then(m =>
        compatWrapper(<m.EntityYtkNetworkContent />),
      ),
  },
});

export const ytkEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isYtkAvailable,
    loader: () =>
      import('./components/Entity').then(m =>
        compatWrapper(<m.EntityYtkNetworkCard />),
      ),
  },
});

export default createFrontendPlugin({
  pluginId: 'ytk',
  title: 'Network',
  routes,
  extensions: [ytkApi, ytkPage, ytkEntityContent, ytkEntityCard],
});
