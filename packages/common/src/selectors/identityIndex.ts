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
   * The smallest `In` requirement's items, kept only where every other
   * single-valued `In` requirement's list has them too: a peer selector names a
   * namespace, a cluster and an app, each alone matching far more than all three.
   */
  candidates(sel: EndpointSelector): readonly number[] | undefined {
    let best: number[][] | undefined;
    let bestSize = Infinity;
    const singles: number[][] = [];
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
      if (size === 0) return [];
      if (lists.length === 1) singles.push(lists[0]);
      if (size < bestSize) {
        best = lists;
        bestSize = size;
      }
    }
    if (!best) return undefined;
    let out =
      best.length === 1
        ? best[0]
        : [...new Set(best.flat())].sort((a, b) => a - b);
    for (const other of singles) {
      if (other === out || out.length === 0) continue;
      out = out.filter(i => has(other, i));
    }
    return out;
  }
}

/** Whether ascending `list` holds `i` (binary search). */
function has(list: readonly number[], i: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid];
    if (v === i) return true;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
