import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  Handle,
  Position,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import type { GraphEdge, GraphNode } from '../../graph/model';
import { edgeStroke } from './edgeStroke';

export { EDGE_COLOURS } from './edgeStroke';

export type YtkNodeData = { node: GraphNode };
export type YtkEdgeData = {
  edge: GraphEdge;
  onSelect: (e: GraphEdge) => void;
  /** Draw the label button (large graphs leave them out). */
  label?: boolean;
};
export type YtkFlowNode = Node<YtkNodeData>;
export type YtkFlowEdge = Edge<YtkEdgeData>;

/** Cluster and namespace boxes: a title strip over their children. */
export function GroupNode({ data }: NodeProps<YtkFlowNode>) {
  const n = data.node;
  return (
    <div
      data-testid={`ytk-group-${n.id}`}
      style={{
        width: '100%',
        height: '100%',
        border: `1px ${n.kind === 'cluster' ? 'solid' : 'dashed'} #90a4ae`,
        borderRadius: 6,
        background:
          n.kind === 'cluster' ? 'rgba(144,164,174,0.08)' : 'transparent',
        fontSize: 12,
        padding: 4,
        boxSizing: 'border-box',
      }}
    >
      {n.kind === 'cluster' ? `cluster ${n.label}` : `ns ${n.label}`}
    </div>
  );
}

/** A workload, an external peer, or a collapsed namespace. */
export function LeafNode({ data }: NodeProps<YtkFlowNode>) {
  const n = data.node;
  let sub = 'external';
  if (n.kind === 'aggregate') sub = `${n.members} workloads · click to expand`;
  else if (n.kind === 'workload')
    sub =
      n.workload?.kind ?? ('kind' in n.endpoint ? n.endpoint.kind : '') ?? '';
  return (
    <div
      data-testid={`ytk-node-${n.id}`}
      style={{
        width: '100%',
        height: '100%',
        border: '1px solid #607d8b',
        borderRadius: 4,
        background: n.kind === 'aggregate' ? '#eceff1' : '#fff',
        color: '#263238',
        fontSize: 12,
        padding: '2px 6px',
        boxSizing: 'border-box',
        cursor: 'pointer',
      }}
    >
      <Handle type="target" position={Position.Left} />
      <div style={{ fontWeight: 600 }}>{n.label}</div>
      <div style={{ fontSize: 10 }}>{sub}</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

/**
 * An allowed flow: dashed purple across clusters, red with "dropped" when it never arrives.
 * With observed flows: thick when traffic was seen, dotted red for dropped attempts, faint and
 * dotted when allowed but unused, faint when not seen.
 */
export function FlowEdge(props: EdgeProps<YtkFlowEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } =
    props;
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const edge = props.data!.edge;
  const seen = edgeStroke(edge);
  const colour = seen.colour;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        style={{
          stroke: colour,
          strokeWidth: seen.width,
          strokeDasharray: seen.dash,
          opacity: seen.opacity,
        }}
        markerEnd={props.markerEnd}
      />
      {props.data!.label !== false && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className="nodrag nopan"
            data-testid={`ytk-edge-${edge.source}-${edge.target}`}
            data-edge-style={edge.style}
            data-observed={edge.observation?.state}
            data-unexpected={edge.observation?.unexpected || undefined}
            onClick={() => props.data!.onSelect(edge)}
            style={{
              position: 'absolute',
              transform: `translate(-50%, -50%) translate(${labelX}px,${labelY}px)`,
              pointerEvents: 'all',
              fontSize: 10,
              padding: '1px 4px',
              border: `1px ${edge.observation?.state === 'unused' ? 'dashed' : 'solid'} ${colour}`,
              opacity: seen.opacity,
              borderRadius: 3,
              background: '#fff',
              color: colour,
              cursor: 'pointer',
            }}
          >
            {edge.label}
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
