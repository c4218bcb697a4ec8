import { KubeObject } from './selectors';
import { fail } from './status';

type Path = string[];
type Json = unknown;

interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Identity and server-owned fields are never "owned" by a manager.
const UNOWNED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
]);

/**
 * Leaf paths of an object: maps are walked, lists and scalars are leaves.
 * (Real SSA merges some lists by key; treating them as atomic is the simple
 * half of that and enough to test ownership and conflicts.)
 */
export function fieldPaths(obj: KubeObject): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path) => {
    if (isMap(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
    } else out.push(path);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'status') continue;
    if (k === 'metadata' && isMap(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (!UNOWNED_METADATA.has(mk)) walk(mv, ['metadata', mk]);
      }
      continue;
    }
    walk(v, [k]);
  }
  return out;
}

/** Paths to the FieldsV1 trie the API server puts in managedFields. */
export function toFieldsV1(paths: Path[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    let node = root;
    for (const part of p) {
      const key = `f:${part}`;
      node[key] = (node[key] as Record<string, unknown>) ?? {};
      node = node[key] as Record<string, unknown>;
    }
  }
  return root;
}

export function fromFieldsV1(fields: Record<string, unknown>): Path[] {
  const out: Path[] = [];
  const walk = (node: Record<string, unknown>, path: Path) => {
    const keys = Object.keys(node).filter(k => k.startsWith('f:'));
    if (keys.length === 0 && path.length > 0) out.push(path);
    for (const k of keys) {
      const child = node[k];
      walk(isMap(child) ? child : {}, [...path, k.slice(2)]);
    }
  };
  walk(fields, []);
  return out;
}

const valueAt = (obj: Json, path: Path): Json =>
  path.reduce<Json>((cur, k) => (isMap(cur) ? cur[k] : undefined), obj);

const overlaps = (a: Path, b: Path) => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
};

function deleteAt(obj: Record<string, unknown>, path: Path) {
  const parents: Array<[Record<string, unknown>, string]> = [];
  let cur: unknown = obj;
  for (const k of path.slice(0, -1)) {
    if (!isMap(cur)) return;
    parents.push([cur, k]);
    cur = cur[k];
  }
  if (!isMap(cur)) return;
  delete cur[path[path.length - 1]];
  // Prune maps the removal left empty, but keep metadata itself.
  for (let i = parents.length - 1; i >= 1; i--) {
    const [parent, k] = parents[i];
    const child = parent[k];
    if (isMap(child) && Object.keys(child).length === 0) delete parent[k];
  }
}

/** Maps merge recursively; lists and scalars replace. */
function deepMerge(base: unknown, overlay: unknown): unknown {
  if (!isMap(base) || !isMap(overlay)) return structuredClone(overlay);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) out[k] = deepMerge(base[k], v);
  return out;
}

/** RFC 7386 JSON merge patch (also used for strategic merge patch here). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function readManaged(
  obj: KubeObject | undefined,
): Map<string, ManagedEntry & { paths: Path[] }> {
  const entries = (obj?.metadata?.managedFields ?? []) as ManagedEntry[];
  const m = new Map<string, ManagedEntry & { paths: Path[] }>();
  for (const e of entries) {
    m.set(`${e.manager}\u0000${e.operation}`, {
      ...e,
      paths: fromFieldsV1(e.fieldsV1 ?? {}),
    });
  }
  return m;
}

function writeManaged(
  obj: KubeObject,
  managed: Map<string, ManagedEntry & { paths: Path[] }>,
) {
  const list: ManagedEntry[] = [];
  for (const { paths, ...e } of managed.values()) {
    if (paths.length > 0) list.push({ ...e, fieldsV1: toFieldsV1(paths) });
  }
  obj.metadata = { ...obj.metadata, managedFields: list };
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const pathText = (p: Path) => `.${p.join('.')}`;

/**
 * Server-side apply: merges `config` into `current`, gives `manager` the fields
 * it sets, drops fields it set before and no longer sets (unless someone else
 * owns them), and refuses (409 Conflict) to change another manager's field
 * unless `force`.
 */
export function serverSideApply(
  current: KubeObject | undefined,
  config: KubeObject,
  manager: string,
  force: boolean,
): KubeObject {
  const managed = readManaged(current);
  const mine = `${manager}\u0000Apply`;
  const newPaths = fieldPaths(config);
  const conflicts: string[] = [];
  for (const [id, entry] of managed) {
    if (id === mine) continue;
    for (const p of newPaths) {
      const owned = entry.paths.filter(q => overlaps(p, q));
      const differs = owned.some(
        q =>
          JSON.stringify(valueAt(current, q)) !==
          JSON.stringify(valueAt(config, q)),
      );
      if (owned.length === 0 || !differs) continue;
      if (force) entry.paths = entry.paths.filter(q => !overlaps(p, q));
      else conflicts.push(`conflict with "${entry.manager}": ${pathText(p)}`);
    }
  }
  if (conflicts.length > 0) {
    throw fail(
      409,
      `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${conflicts.join('\n')}`,
      {
        reason: 'Conflict',
        details: { name: config.metadata?.name, kind: config.kind },
      },
    );
  }
  const result = structuredClone(current ?? {}) as KubeObject;
  const previous = managed.get(mine)?.paths ?? [];
  const othersOwn = (p: Path) =>
    [...managed].some(
      ([id, e]) => id !== mine && e.paths.some(q => overlaps(p, q)),
    );
  for (const p of previous) {
    if (!newPaths.some(q => overlaps(p, q)) && !othersOwn(p))
      deleteAt(result, p);
  }
  const merged = deepMerge(result, config) as KubeObject;
  managed.set(mine, {
    manager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
    time: now(),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    paths: newPaths,
  });
  writeManaged(merged, managed);
  return merged;
}

/**
 * Records a non-apply write (create, update, merge patch): `manager` takes the
 * fields the write set, from whoever had them, without conflict.
 */
export function recordUpdate(
  obj: KubeObject,
  written: KubeObject,
  manager: string,
): KubeObject {
  const managed = readManaged(obj);
  const paths = fieldPaths(written);
  for (const e of managed.values()) {
    e.paths = e.paths.filter(q => !paths.some(p => overlaps(p, q)));
  }
  const id = `${manager}\u0000Update`;
  const prev = managed.get(id)?.paths ?? [];
  managed.set(id, {
    manager,
    operation: 'Update',
    apiVersion: obj.apiVersion,
    time: now(),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    paths: [...prev, ...paths],
  });
  const out = structuredClone(obj);
  writeManaged(out, managed);
  return out;
}
