import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphModel, GraphNode } from './model';

export const LEAF_WIDTH = 170;
export const LEAF_HEIGHT = 44;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Positions relative to the parent node (what ReactFlow's `parentId` expects). */
export type Layout = Map<string, Box>;

// The bundled build runs in the calling thread: no worker file to serve from the app.
const elk = new ELK();

const GROUP_OPTIONS = {
  'elk.padding': '[top=36,left=12,bottom=12,right=12]',
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
};

function parentOf(n: GraphNode): string | undefined {
  if (n.kind === 'namespace' || n.kind === 'workload' || n.kind === 'aggregate')
    return n.parent;
  if (n.kind === 'external') return 'external';
  return undefined;
}

/**
 * Up to this many edges (and nodes) ELK lays the graph out. Its layered layout across the
 * hierarchy grows steeply with edges: ~1 s for 114 edges between 14 nodes and ~7 s for
 * 1,169 edges on a busy 2-core machine, all of it blocking the page. Denser graphs (an
 * aggregated view is nearly complete) gain little from layering and get `gridLayout`.
 */
export const ELK_MAX_EDGES = 60;
export const ELK_MAX_NODES = 120;

/** ELK for small graphs, the grid for large ones. */
export async function layoutGraph(model: GraphModel): Promise<Layout> {
  if (model.edges.length > ELK_MAX_EDGES || model.nodes.length > ELK_MAX_NODES)
    return gridLayout(model);
  return elkLayout(model);
}

const GAP = 24;
const PAD = { top: 36, left: 12, bottom: 12, right: 12 };

/**
 * Linear-time layout: each group packs its children in rows (leaves in a near-square
 * grid), clusters side by side, outside peers first. Same nesting and relative
 * positions as the ELK layout, so the view renders the same way.
 */
export function gridLayout(model: GraphModel): Layout {
  const children = new Map<string | undefined, GraphNode[]>();
  const ids = new Set(model.nodes.map(n => n.id));
  for (const n of model.nodes) {
    const p = parentOf(n);
    const key = p && ids.has(p) ? p : undefined;
    const list = children.get(key);
    if (list) list.push(n);
    else children.set(key, [n]);
  }
  const layout: Layout = new Map();
  // Sizes bottom-up; positions are relative to the parent.
  const size = (n: GraphNode): { width: number; height: number } => {
    const kids = children.get(n.id);
    if (!kids?.length) {
      const leaf = n.kind !== 'cluster' && n.kind !== 'namespace';
      const box = leaf
        ? { width: LEAF_WIDTH, height: LEAF_HEIGHT }
        : { width: LEAF_WIDTH + PAD.left + PAD.right, height: PAD.top };
      layout.set(n.id, { x: 0, y: 0, ...box });
      return box;
    }
    const inner = pack(kids.map(k => ({ id: k.id, ...size(k) })));
    const box = {
      width: inner.width + PAD.left + PAD.right,
      height: inner.height + PAD.top + PAD.bottom,
    };
    for (const k of inner.placed) {
      const b = layout.get(k.id)!;
      b.x = k.x + PAD.left;
      b.y = k.y + PAD.top;
    }
    layout.set(n.id, { x: 0, y: 0, ...box });
    return box;
  };
  const roots = [...(children.get(undefined) ?? [])].sort(
    (a, b) =>
      Number(b.id === 'external') - Number(a.id === 'external') ||
      a.id.localeCompare(b.id),
  );
  let x = 0;
  for (const r of roots) {
    const box = size(r);
    const b = layout.get(r.id)!;
    b.x = x;
    b.y = 0;
    x += box.width + GAP * 2;
  }
  return layout;
}

/** Rows no wider than a near-square's side (or the widest child). */
function pack(items: Array<{ id: string; width: number; height: number }>) {
  const area = items.reduce(
    (a, i) => a + (i.width + GAP) * (i.height + GAP),
    0,
  );
  const maxWidth = Math.max(Math.sqrt(area) * 1.2, ...items.map(i => i.width));
  const placed: Array<{ id: string; x: number; y: number }> = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const i of items) {
    if (x > 0 && x + i.width > maxWidth) {
      x = 0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    placed.push({ id: i.id, x, y });
    x += i.width + GAP;
    width = Math.max(width, x - GAP);
    rowHeight = Math.max(rowHeight, i.height);
  }
  return { placed, width, height: y + rowHeight };
}

/** Layered layout with compound nodes (cluster ⊃ namespace ⊃ workload), left to right. */
async function elkLayout(model: GraphModel): Promise<Layout> {
  const elkNodes = new Map<string, ElkNode>();
  for (const n of model.nodes) {
    const leaf =
      n.kind === 'workload' || n.kind === 'aggregate' || n.kind === 'external';
    elkNodes.set(n.id, {
      id: n.id,
      ...(leaf
        ? { width: LEAF_WIDTH, height: LEAF_HEIGHT }
        : { layoutOptions: GROUP_OPTIONS, children: [] }),
    });
  }
  const roots: ElkNode[] = [];
  for (const n of model.nodes) {
    const parent = parentOf(n);
    const node = elkNodes.get(n.id)!;
    if (parent && elkNodes.has(parent))
      elkNodes.get(parent)!.children!.push(node);
    else roots.push(node);
  }
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      // Edges cross group borders; let ELK route them through the hierarchy.
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
    },
    children: roots,
    edges: model.edges.map(e => ({
      id: e.id,
      sources: [e.source],
      targets: [e.target],
    })),
  });

  const layout: Layout = new Map();
  const visit = (nodes: ElkNode[] | undefined) => {
    for (const n of nodes ?? []) {
      layout.set(n.id, {
        x: n.x ?? 0,
        y: n.y ?? 0,
        width: n.width ?? LEAF_WIDTH,
        height: n.height ?? LEAF_HEIGHT,
      });
      visit(n.children);
    }
  };
  visit(result.children);
  return layout;
}
