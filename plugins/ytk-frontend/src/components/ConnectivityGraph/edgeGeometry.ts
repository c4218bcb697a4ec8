import { getBezierPath, Position } from '@xyflow/react';
import type { GraphEdge } from '../../graph/model';

/** What the geometry needs of a drawn node: its box relative to its parent's. */
export interface PlacedNode {
  id: string;
  parentId?: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
}

export interface EdgePath {
  edge: GraphEdge;
  /** SVG path in flow coordinates, the same bezier ReactFlow draws between the two handles. */
  d: string;
}

/**
 * Every edge's path from the nodes' boxes: source at the right middle of its node, target at
 * the left middle (the handles `toFlowNodes` declares). ReactFlow positions children relative
 * to their parent, so boxes are made absolute first; edges whose ends are not drawn are left out.
 */
export function edgePaths(nodes: PlacedNode[], edges: GraphEdge[]): EdgePath[] {
  const byId = new Map(nodes.map(n => [n.id, n]));
  const absolute = new Map<string, { x: number; y: number }>();
  const at = (n: PlacedNode): { x: number; y: number } => {
    let p = absolute.get(n.id);
    if (!p) {
      const parent = n.parentId ? byId.get(n.parentId) : undefined;
      const origin = parent ? at(parent) : { x: 0, y: 0 };
      p = { x: origin.x + n.position.x, y: origin.y + n.position.y };
      absolute.set(n.id, p);
    }
    return p;
  };
  const paths: EdgePath[] = [];
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    const s = at(source);
    const t = at(target);
    const [d] = getBezierPath({
      sourceX: s.x + (source.width ?? 0),
      sourceY: s.y + (source.height ?? 0) / 2,
      sourcePosition: Position.Right,
      targetX: t.x,
      targetY: t.y + (target.height ?? 0) / 2,
      targetPosition: Position.Left,
    });
    paths.push({ edge, d });
  }
  return paths;
}
