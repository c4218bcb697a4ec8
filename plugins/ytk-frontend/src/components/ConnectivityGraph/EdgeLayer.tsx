import { memo, useMemo, type MouseEvent } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { GraphEdge } from '../../graph/model';
import { EDGE_COLOURS, edgeStroke } from './edgeStroke';
import { edgePaths, type PlacedNode } from './edgeGeometry';

const STYLES = Object.keys(EDGE_COLOURS) as Array<keyof typeof EDGE_COLOURS>;
const markerId = (style: string) => `ytk-edge-arrow-${style}`;

/**
 * All edges of a large graph as plain paths in one SVG inside ReactFlow's viewport (so it pans
 * and zooms with the nodes). Why not ReactFlow edges: each is a component with its own store
 * subscriptions, wrapper, interaction path and marker, and a server-aggregated 2,000-workload
 * view has ~1,300 of them — most of the time to a drawn graph in Chromium. One click handler
 * on the layer finds the edge by index. Memoized: a click elsewhere does not redraw it.
 */
export const EdgeLayer = memo(function EdgeLayerSvg(props: {
  nodes: PlacedNode[];
  edges: GraphEdge[];
  onSelect: (edge: GraphEdge) => void;
}) {
  const { nodes, edges, onSelect } = props;
  const paths = useMemo(() => edgePaths(nodes, edges), [nodes, edges]);
  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const index = (e.target as Element).getAttribute('data-edge-index');
    if (index !== null) onSelect(paths[Number(index)].edge);
  };
  return (
    <ViewportPortal>
      <svg
        data-testid="ytk-edge-layer"
        className="nodrag nopan"
        onClick={onClick}
        style={{
          position: 'absolute',
          left: 0,
          top: 0,
          width: 1,
          height: 1,
          overflow: 'visible',
          pointerEvents: 'none',
        }}
      >
        <defs>
          {STYLES.map(style => (
            <marker
              key={style}
              id={markerId(style)}
              viewBox="-10 -10 20 20"
              markerWidth={12.5}
              markerHeight={12.5}
              orient="auto-start-reverse"
              refX={0}
              refY={0}
            >
              <polyline
                points="-5,-4 0,0 -5,4 -5,-4"
                fill={EDGE_COLOURS[style]}
                stroke={EDGE_COLOURS[style]}
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </marker>
          ))}
        </defs>
        {paths.map(({ edge, d }, i) => {
          const stroke = edgeStroke(edge);
          return (
            <path
              key={edge.id}
              d={d}
              data-edge-index={i}
              data-edge-id={edge.id}
              data-edge-style={edge.style}
              data-observed={edge.observation?.state}
              fill="none"
              stroke={stroke.colour}
              strokeWidth={stroke.width}
              strokeDasharray={stroke.dash}
              opacity={stroke.opacity}
              markerEnd={`url(#${markerId(edge.style)})`}
              // Clicks land on the stroke only: nodes under the layer stay clickable.
              style={{ pointerEvents: 'visibleStroke', cursor: 'pointer' }}
            />
          );
        })}
      </svg>
    </ViewportPortal>
  );
});
