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

/** A report as the backend keeps it: each result's evidence bounded (see PostureService). */
export type StoredPostureReport = Omit<PostureReport, 'results'> & {
  results: Array<PostureReport['results'][number] & { moreEvidence?: number }>;
};

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

/** Evidence items a result carries in an answer (policies and findings first). */
export const MAX_EVIDENCE = 50;

const KIND_ORDER: Record<PostureEvidence['kind'], number> = {
  policy: 0,
  finding: 1,
  'cilium-config': 2,
  spire: 3,
  workload: 4,
  connection: 5,
};

/** At most `max` items, the linkable kinds first (stable within a kind), and how many were left out. */
export function boundEvidence<T extends PostureEvidence>(
  evidence: readonly T[],
  max: number,
): { kept: T[]; left: number } {
  if (evidence.length <= max) return { kept: [...evidence], left: 0 };
  const kept = evidence
    .map((e, i) => ({ e, i }))
    .sort((a, b) => KIND_ORDER[a.e.kind] - KIND_ORDER[b.e.kind] || a.i - b.i)
    .slice(0, max)
    .map(x => x.e);
  return { kept, left: evidence.length - max };
}

/**
 * A report as one caller may see it: each policy or finding evidence item carries the id of the
 * policy view to open, and items naming a policy the caller may not read (`ytk.policy.read`) are
 * left out and counted instead. The statuses are the report's: they do not depend on the caller.
 */
export function postureView(
  ctx: RequestContext,
  report: StoredPostureReport,
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
      const visible: PostureEvidenceView[] = [];
      let hidden = 0;
      for (const e of r.evidence) {
        const policy = policyOf(e, index);
        if (!policy) visible.push(e);
        else if (ctx.canReadPolicy(policy))
          visible.push({ ...e, policyId: policy.id });
        else hidden++;
      }
      const { kept, left } = boundEvidence(visible, MAX_EVIDENCE);
      const more = left + (r.moreEvidence ?? 0);
      return {
        ...r,
        evidence: kept,
        ...(hidden ? { hiddenEvidence: hidden } : {}),
        ...(more ? { moreEvidence: more } : {}),
      };
    }),
  };
}
