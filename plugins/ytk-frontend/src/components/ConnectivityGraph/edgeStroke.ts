import type { GraphEdge } from '../../graph/model';

export const EDGE_COLOURS = {
  local: '#546e7a',
  'cross-cluster': '#7b1fa2',
  dropped: '#d32f2f',
} as const;

export interface EdgeStroke {
  colour: string;
  width: number;
  dash?: string;
  opacity?: number;
}

/**
 * How an edge is stroked, shared by the per-edge ReactFlow component and the single-layer
 * renderer of large graphs so both draw the same: dashed purple across clusters, thicker red
 * when dropped; with observed flows thick when used, dotted when attempted or unused, faint
 * when unused or not seen.
 */
export function edgeStroke(edge: GraphEdge): EdgeStroke {
  const colour = EDGE_COLOURS[edge.style];
  const width = edge.style === 'dropped' ? 2 : 1.5;
  const dash = edge.style === 'local' ? undefined : '6 4';
  switch (edge.observation?.state) {
    case 'observed':
      return { colour, width: 3, dash };
    case 'attempted':
      return { colour, width: 2, dash: '2 3' };
    case 'unused':
      return { colour, width, dash: '1 4', opacity: 0.6 };
    case 'not-seen':
      return { colour, width, dash, opacity: 0.4 };
    default:
      return { colour, width, dash };
  }
}
