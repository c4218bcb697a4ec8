import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { KubeObject } from './selectors';

const isObject = (v: unknown): v is KubeObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Unwraps `kind: List` / `*List` documents into their items. */
export function flattenObjects(values: unknown[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const v of values) {
    if (!isObject(v)) continue;
    if (
      typeof v.kind === 'string' &&
      v.kind.endsWith('List') &&
      Array.isArray(v.items)
    ) {
      out.push(...flattenObjects(v.items));
    } else out.push(v);
  }
  return out;
}

/** Parses multi-document YAML (or JSON) text into objects. */
export function parseFixtureText(
  text: string,
  source = '<text>',
): KubeObject[] {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: ${doc.errors[0].message}`);
    }
    values.push(doc.toJS());
  }
  return flattenObjects(values);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap(e => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return yamlFiles(p);
      return /\.(ya?ml|json)$/i.test(e.name) ? [p] : [];
    });
}

/** Loads fixtures from a YAML file, a directory of them (recursive), or objects. */
export function loadFixtures(fixtures: string | unknown[]): KubeObject[] {
  if (Array.isArray(fixtures)) return flattenObjects(fixtures);
  const files = statSync(fixtures).isDirectory()
    ? yamlFiles(fixtures)
    : [fixtures];
  return files.flatMap(f => parseFixtureText(readFileSync(f, 'utf8'), f));
}
