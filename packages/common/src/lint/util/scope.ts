import type { LintContext, AnyResource } from '../types';
import { memo } from './memo';
import { kindOf, nameOf, namespaceOf } from './policies';

/**
 * The input plus the policies the overlay already holds for the target cluster (not shadowed
 * by an input document of the same kind/namespace/name): what a cross-policy rule must see.
 */
export function scopeResources(ctx: LintContext): AnyResource[] {
  // One array per run, so the per-array memos (ciliumRules, indexes) are shared by rules.
  return memo(ctx, 'scopeResources', () => collectScope(ctx));
}

function collectScope(ctx: LintContext): AnyResource[] {
  const cluster = ctx.settings.cluster;
  if (!cluster) return ctx.resources;
  const key = (k?: string, ns?: string, n?: string) => `${k}/${ns ?? ''}/${n}`;
  const seen = new Set(
    ctx.resources.map(r => key(kindOf(r), namespaceOf(r), nameOf(r))),
  );
  const extra = cluster.policies
    .filter(p => !seen.has(key(p.kind, p.namespace, p.name)))
    .map(p => ({ object: p.object, source: p.source }) as AnyResource);
  return [...ctx.resources, ...extra];
}
