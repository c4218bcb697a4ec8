import { ingestText, type Workload } from '@ytknetwork/common';
import fs from 'node:fs';
import { CliInputError } from '../errors';
import { displayUri, listManifestFiles } from '../load';

/**
 * A Backstage Component read from catalog files: what `--team-from-catalog` needs to find a
 * team's workloads (owner and the Kubernetes plugin's annotations, as the backend's teams/ reads them).
 */
export interface CatalogComponent {
  name: string;
  owner?: string;
  annotations: Record<string, string>;
}

/** Components of every YAML file under `dir` (other kinds and unreadable documents are skipped). */
export function readCatalogComponents(dir: string): CatalogComponent[] {
  const out: CatalogComponent[] = [];
  for (const file of listManifestFiles(dir)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new CliInputError(
        `${displayUri(file)}: cannot read: ${(e as Error).message}`,
      );
    }
    for (const r of ingestText(text, displayUri(file)).resources) {
      const o = r.object as {
        kind?: unknown;
        metadata?: { name?: unknown; annotations?: unknown };
        spec?: { owner?: unknown };
      };
      if (o.kind !== 'Component' || typeof o.metadata?.name !== 'string')
        continue;
      const annotations =
        o.metadata.annotations && typeof o.metadata.annotations === 'object'
          ? (o.metadata.annotations as Record<string, string>)
          : {};
      out.push({
        name: o.metadata.name,
        owner: typeof o.spec?.owner === 'string' ? o.spec.owner : undefined,
        annotations,
      });
    }
  }
  return out;
}

/** `group:default/payments`, `group:payments` and `payments` all name team `payments`. */
export function teamName(owner: string): string {
  return owner.replace(/^group:/i, '').replace(/^default\//, '');
}

/**
 * Does a component own this workload? The standard annotations: `backstage.io/kubernetes-id`
 * (label or annotation on the workload) or an equality-based `…/kubernetes-label-selector`,
 * narrowed by `…/kubernetes-namespace` and `…/kubernetes-cluster` (as the backend decides).
 */
export function componentOwnsWorkload(
  c: CatalogComponent,
  w: Workload,
): boolean {
  const a = c.annotations;
  const id = a['backstage.io/kubernetes-id'];
  const selector = a['backstage.io/kubernetes-label-selector'];
  if (!id && !selector) return false;
  const ns = a['backstage.io/kubernetes-namespace'];
  if (ns && ns !== w.namespace) return false;
  const cluster = a['backstage.io/kubernetes-cluster'];
  if (cluster && cluster !== w.cluster) return false;
  if (selector) {
    const parts = selector
      .split(',')
      .map(p => p.trim())
      .filter(Boolean);
    if (parts.length === 0) return false;
    return parts.every(p => {
      const m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p);
      if (m) {
        const has = Object.prototype.hasOwnProperty.call(w.labels, m[1]);
        return m[2] === '!='
          ? !has || w.labels[m[1]] !== m[3]
          : has && w.labels[m[1]] === m[3];
      }
      if (/^![^=!\s]+$/.test(p))
        return !Object.prototype.hasOwnProperty.call(w.labels, p.slice(1));
      if (/^[^=!\s]+$/.test(p))
        return Object.prototype.hasOwnProperty.call(w.labels, p);
      return false; // set-based syntax: match nothing, as the backend does
    });
  }
  return (
    w.labels['backstage.io/kubernetes-id'] === id ||
    w.annotations['backstage.io/kubernetes-id'] === id
  );
}
