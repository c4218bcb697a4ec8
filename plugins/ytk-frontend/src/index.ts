/**
 * ytk network portal: clusters, connectivity graph, policies, findings, entity network tab.
 *
 * @packageDocumentation
 */
export {
  ytkPlugin,
  YtkPage,
  EntityYtkNetworkContent,
  EntityYtkNetworkCard,
} from './plugin';
export { isYtkAvailable } from './isYtkAvailable';
export { ytkApiRef, YtkClient, explainEndpoint } from './api';
export type { YtkApi, YtkScope, PolicyKey, EntityKey } from './api';
export type {
  InputProblem,
  InputProblemCounts,
  InputProblemsResponse,
  YtkClusterView,
} from './api';
export { rootRouteRef, policyRouteRef } from './routes';
