import Router from 'express-promise-router';
import type express from 'express';
import type { RouterDeps } from './context';
import { clusterRoutes } from './clusters';
import { connectivityRoutes } from './connectivity';
import { entityRoutes } from './entities';
import { findingRoutes } from './findings';
import { flowRoutes } from './flows';
import { healthRoutes } from './health';
import { inputProblemRoutes } from './inputProblems';
import { lintRoutes } from './lint';
import {
  observedFlowRoutes,
  type ObservedFlowRouterDeps,
} from './observedFlows';
import { peeringRoutes, type PeeringRouterDeps } from './peering';
import { policyRoutes } from './policies';
import { postureRoutes, type PostureRouterDeps } from './posture';
import { teamRoutes } from './teams';
import { workloadRoutes } from './workloads';

export type { RouterDeps } from './context';

/** The REST API described by src/schema/openapi.yaml; one module per resource. */
export function createRouter(
  deps: RouterDeps &
    PeeringRouterDeps &
    PostureRouterDeps &
    ObservedFlowRouterDeps,
): express.Router {
  const router = Router();
  healthRoutes(router, deps);
  clusterRoutes(router, deps);
  inputProblemRoutes(router, deps);
  teamRoutes(router, deps);
  postureRoutes(router, deps);
  connectivityRoutes(router, deps);
  entityRoutes(router, deps);
  flowRoutes(router, deps);
  observedFlowRoutes(router, deps);
  policyRoutes(router, deps);
  lintRoutes(router, deps);
  peeringRoutes(router, deps);
  findingRoutes(router, deps);
  workloadRoutes(router, deps);
  return router;
}
