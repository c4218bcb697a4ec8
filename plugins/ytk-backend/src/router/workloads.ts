import { InputError } from '@backstage/errors';
import {
  LabelSelectorSyntaxError,
  matchLabelSelector,
  parseLabelSelectorText,
  type LabelSelector,
  type Workload,
} from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import { parseInput, requestContext, type RouterDeps } from './context';
import { peerView, workloadView } from './views';

const MAX_LIMIT = 1000;

const query = z
  .object({
    selector: z.string().max(4096).default(''),
    cluster: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
  })
  .strict();

function parseSelector(text: string): LabelSelector {
  try {
    return parseLabelSelectorText(text);
  } catch (e) {
    if (e instanceof LabelSelectorSyntaxError)
      throw new InputError(`Invalid query parameter 'selector': ${e.message}`);
    throw e;
  }
}

/**
 * GET /workloads?selector&cluster&namespace&limit: the live workloads whose pod labels match a
 * label selector (kubectl `-l` syntax) — what the editor shows for a selector under the cursor.
 * Workloads of other teams come as peers (reference and owner, no labels), as in the graph.
 */
export function workloadRoutes(router: Router, deps: RouterDeps) {
  router.get('/workloads', async (req, res) => {
    const q = parseInput(query, req.query, 'query parameter');
    const selector = parseSelector(q.selector);
    const ctx = await requestContext(deps, req);
    const matched: Workload[] = [];
    for (const c of ctx.overlay.clusters) {
      if (q.cluster && c.name !== q.cluster) continue;
      for (const w of c.workloads) {
        if (q.namespace && w.namespace !== q.namespace) continue;
        if (matchLabelSelector(selector, w.labels)) matched.push(w);
      }
    }
    matched.sort((a, b) => a.ref.localeCompare(b.ref));
    const workloads = matched.slice(0, q.limit).map(w => {
      const owner = ctx.owners.get(w.ref);
      return ctx.mine.has(w.ref)
        ? workloadView(w, owner)
        : peerView(w.ref, owner);
    });
    res.json({
      overlayVersion: ctx.overlay.version,
      selector,
      total: matched.length,
      workloads,
    });
  });
}
