import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Node,
} from 'yaml';

export interface PathAt {
  /** Index of the YAML document in the file. */
  docIndex: number;
  /** Field path to the node under the cursor, e.g. ['spec','ingress',0,'fromEntities',1]. */
  path: Array<string | number>;
  /** The cursor is on a mapping key (path ends with that key). */
  onKey: boolean;
  /** Scalar value under the cursor, if any. */
  value?: unknown;
  /** Offsets of the node under the cursor. */
  start: number;
  end: number;
}

function within(node: { range?: unknown } | null | undefined, offset: number) {
  const r = node?.range as [number, number, number] | undefined;
  return !!r && offset >= r[0] && offset <= r[1];
}

/**
 * The field path at an offset, from the `yaml` CST (the engine's SourceDocument maps path →
 * range; the editor needs the inverse).
 */
export function pathAt(text: string, offset: number): PathAt | undefined {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  for (let i = 0; i < list.length; i++) {
    const doc = list[i];
    const [start, , end] = doc.range;
    if (offset < start || offset > end) continue;
    const path: Array<string | number> = [];
    let node = doc.contents as Node | null;
    for (;;) {
      if (isMap(node)) {
        const pair = node.items.find(
          p => within(p.key as Node, offset) || within(p.value as Node, offset),
        );
        if (!pair || !isPair(pair)) break;
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        path.push(key);
        if (within(pair.key as Node, offset)) {
          const r = (pair.key as Node).range!;
          return { docIndex: i, path, onKey: true, start: r[0], end: r[1] };
        }
        node = pair.value as Node;
      } else if (isSeq(node)) {
        const idx = node.items.findIndex(n => within(n as Node, offset));
        if (idx < 0) break;
        path.push(idx);
        node = node.items[idx] as Node;
      } else if (isScalar(node)) {
        const r = node.range!;
        return {
          docIndex: i,
          path,
          onKey: false,
          value: node.value,
          start: r[0],
          end: r[1],
        };
      } else break;
    }
    const r = (node?.range ?? [offset, offset]) as number[];
    return { docIndex: i, path, onKey: false, start: r[0], end: r[1] };
  }
  return undefined;
}

/** Indentation-based path for positions the parser cannot place (blank line, half-typed key). */
export function pathFromIndent(lines: string[], line: number): string[] {
  const path: string[] = [];
  let indent = lines[line]?.search(/\S/) ?? -1;
  if (indent < 0) indent = lines[line]?.length ?? 0;
  for (let l = line - 1; l >= 0 && indent > 0; l--) {
    const m = /^(\s*)(?:- )?([A-Za-z][\w.-]*):/.exec(lines[l]);
    if (!m || lines[l].trim().startsWith('#')) continue;
    if (lines[l].startsWith('---')) break;
    const ind = m[1].length;
    if (ind < indent) {
      path.unshift(m[2]);
      indent = ind;
    }
  }
  return path;
}

/** The string maps (e.g. a matchLabels, the metadata) at several paths of one document, parsed once. */
export function stringMapsAt(
  text: string,
  docIndex: number,
  paths: Array<Array<string | number>>,
): Array<Record<string, string> | undefined> {
  const doc = (
    parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]
  )[docIndex] as { getIn(p: unknown[]): unknown } | undefined;
  return paths.map(path => {
    const v = doc?.getIn(path);
    if (!isMap(v)) return undefined;
    const out: Record<string, string> = {};
    for (const p of v.items)
      if (isScalar(p.key) && isScalar(p.value))
        out[String(p.key.value)] = String(p.value.value);
    return out;
  });
}
