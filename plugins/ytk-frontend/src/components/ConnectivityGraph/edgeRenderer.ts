/** Above this many edges they are drawn without label buttons (still clickable). */
export const LABEL_MAX_EDGES = 150;

/** `?graphEdges=reactflow` draws every edge as a ReactFlow edge even when there are many. */
export const EDGE_RENDERER_PARAM = 'graphEdges';

/**
 * `reactflow`: one ReactFlow edge component per edge, with its label button (small graphs).
 * `layer`: the unlabelled edges of a large graph as plain paths in one SVG (`EdgeLayer`).
 */
export type EdgeRenderer = 'reactflow' | 'layer';

/**
 * The layer above LABEL_MAX_EDGES edges, where labels are hidden anyway. The query flag keeps
 * the per-edge rendering reachable, for comparing the two (the graph bench's baseline).
 */
export function chooseEdgeRenderer(
  edgeCount: number,
  search: string,
): EdgeRenderer {
  if (edgeCount <= LABEL_MAX_EDGES) return 'reactflow';
  const asked = new URLSearchParams(search).get(EDGE_RENDERER_PARAM);
  return asked === 'reactflow' ? 'reactflow' : 'layer';
}
