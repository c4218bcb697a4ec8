import type { Finding, Policy } from '@ytknetwork/common';
import { findingsOfPolicy } from '../router/views';

/**
 * The findings located in each policy, by policy id. Same result as
 * `findingsOfPolicy` per policy, but each policy only looks at the findings of
 * its own document instead of the whole cluster's.
 */
export function findingsByPolicy(
  policies: readonly Policy[],
  findings: readonly Finding[],
): Map<string, Finding[]> {
  const byUri = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byUri.get(f.uri);
    if (list) list.push(f);
    else byUri.set(f.uri, [f]);
  }
  const out = new Map<string, Finding[]>();
  for (const p of policies) {
    const sameDocument = p.source ? byUri.get(p.source.uri) : undefined;
    out.set(p.id, sameDocument ? findingsOfPolicy(p, sameDocument) : []);
  }
  return out;
}
