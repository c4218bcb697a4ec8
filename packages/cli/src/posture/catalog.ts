import {
  entityMatchesWorkload,
  ingestText,
  type Workload,
} from '@ytknetwork/common';
import fs from 'node:fs';
import { CliInputError } from '../errors';
import { displayUri, listManifestFiles } from '../load';

/**
 * A Backstage Component read from catalog files: what `--team-from-catalog` needs to find a
 * team's workloads (owner and the Kubernetes plugin's annotations).
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
 * Does a component own this workload? The Kubernetes plugin's annotations, matched by the
 * engine's `entityMatchesWorkload`: the same decision the backend makes for the portal.
 */
export function componentOwnsWorkload(
  c: CatalogComponent,
  w: Workload,
): boolean {
  return entityMatchesWorkload(c.annotations, w);
}
