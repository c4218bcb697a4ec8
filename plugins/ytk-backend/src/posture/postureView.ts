import {
  POSTURE_REQUIREMENTS,
  postureCounts,
  type Overlay,
  type Policy,
  type PostureEvidence,
  type PostureEvidenceView,
  type PostureReport,
  type PostureView,
} from '@ytknetwork/common';
import type { RequestContext } from '../router/context';
import { locatedIn } from '../router/views';

interface PolicyIndex {
  byId: Map<string, Policy>;
  byUri: Map<string, Policy[]>;
}

const indexes = new WeakMap<Overlay, PolicyIndex>();

/** Policies by id and by source file, once per overlay. */
function policyIndex(overlay: Overlay): PolicyIndex {
  let index = indexes.get(overlay);
  if (!index) {
    index = { byId: new Map(), byUri: new Map() };
    for (const c of overlay.clusters)
      for (const p of c.policies) {
        index.byId.set(p.id, p);
        if (!p.source) continue;
        const list = index.byUri.get(p.source.uri) ?? [];
        list.push(p);
        index.byUri.set(p.source.uri, list);
      }
    indexes.set(overlay, index);
  }
  return index;
}

/** The policy an evidence item is (kind policy) or sits in (a finding located in its YAML). */
function policyOf(e: PostureEvidence, index: PolicyIndex): Policy | undefined {
  if (e.kind === 'policy' && e.ref) return index.byId.get(e.ref);
  if (e.kind === 'finding' && e.location) {
    const at = e.location;
    return index.byUri.get(at.uri)?.find(p => locatedIn(p, at));
  }
  return undefined;
}

/**
 * A report as one caller may see it: each policy or finding evidence item carries the id of the
 * policy view to open, and items naming a policy the caller may not read (`ytk.policy.read`) are
 * left out and counted instead. The statuses are the report's: they do not depend on the caller.
 */
export function postureView(
  ctx: RequestContext,
  report: PostureReport,
): PostureView {
  const index = policyIndex(ctx.overlay);
  return {
    catalogueVersion: report.catalogueVersion,
    overlayVersion: report.overlayVersion,
    scope: report.scope,
    requirements: [...POSTURE_REQUIREMENTS],
    counts: postureCounts(report.summary),
    summary: report.summary,
    residualRisk: report.residualRisk,
    results: report.results.map(r => {
      const evidence: PostureEvidenceView[] = [];
      let hidden = 0;
      for (const e of r.evidence) {
        const policy = policyOf(e, index);
        if (!policy) evidence.push(e);
        else if (ctx.canReadPolicy(policy))
          evidence.push({ ...e, policyId: policy.id });
        else hidden++;
      }
      return { ...r, evidence, ...(hidden ? { hiddenEvidence: hidden } : {}) };
    }),
  };
}
