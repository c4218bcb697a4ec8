import type { Router } from 'express';
import { callerContext, type RouterDeps } from './context';

/**
 * GET /health: overall state and per-cluster sync state. Unauthenticated
 * callers (probes, load balancers) get only `{ status }`; the per-cluster
 * details (errors name hosts and kinds) need `ytk.overlay.read`.
 */
export function healthRoutes(router: Router, deps: RouterDeps) {
  router.get('/health', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    const clusters = deps.overlay.clusterNames().map(name => ({
      name,
      ...deps.overlay.status(name)!,
    }));
    const status = clusters.every(c => c.state === 'connected')
      ? 'ok'
      : 'degraded';
    if (credentials.principal.type === 'none') {
      res.json({ status });
      return;
    }
    const ctx = await callerContext(deps, credentials);
    res.json({ status, overlayVersion: ctx.overlay.version, clusters });
  });
}
