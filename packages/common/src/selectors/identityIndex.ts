/*
 * Inverted index over many identity label sets, so a selector is checked only
 * against the sets that carry one of its `In` values instead of all of them.
 * Candidates are a superset (sources are ignored here); callers still run the
 * exact matcher on each candidate.
 */
import type { EndpointSelector } from './endpointSelector';
import type { IdentityLabels } from './identityLabels';

export class IdentityIndex {
  private readonly byKey = new Map<string, Map<string, number[]>>();

  /** `items[i]` undefined = no identity (never a candidate). */
  constructor(items: ReadonlyArray<IdentityLabels | undefined>) {
    items.forEach((labels, i) => {
      if (!labels) return;
      for (const [key, entries] of labels) {
        let byValue = this.byKey.get(key);
        if (!byValue) {
          byValue = new Map();
          this.byKey.set(key, byValue);
        }
        for (const [, value] of entries) {
          const list = byValue.get(value);
          if (!list) byValue.set(value, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      }
    });
  }

  /**
   * Ascending indices of the items that may match `sel`, or undefined when the
   * selector has no `In` requirement to narrow by (the caller scans everything).
   */
  candidates(sel: EndpointSelector): readonly number[] | undefined {
    let best: number[][] | undefined;
    let bestSize = Infinity;
    for (const r of sel.requirements) {
      if (r.operator !== 'In') continue;
      const byValue = this.byKey.get(r.key);
      const lists: number[][] = [];
      let size = 0;
      for (const v of r.values) {
        const l = byValue?.get(v);
        if (l) {
          lists.push(l);
          size += l.length;
        }
      }
      if (size < bestSize) {
        best = lists;
        bestSize = size;
        if (size === 0) break;
      }
    }
    if (!best) return undefined;
    if (best.length === 1) return best[0];
    return [...new Set(best.flat())].sort((a, b) => a - b);
  }
}
