import { useCallback, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import {
  ReactFlow,
  Background,
  Controls,
  MarkerType,
  Position,
  type NodeMouseHandler,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Box, Grid, Paper, Typography } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type {
  ConnectivityGraph as Graph,
  TeamFlowsResponse,
} from '@ytknetwork/common';
import {
  buildGraphModel,
  namespaceKey,
  type GraphEdge,
  type GraphNode,
} from '../../graph/model';
import { layoutGraph, type Layout } from '../../graph/layout';
import { withObservedFlows } from '../../graph/observed';
import { firstPort, formatPorts } from '../../graph/ports';
import { explainEndpoint, ytkApiRef } from '../../api';
import { ExplanationView } from '../ExplanationView';
import {
  EDGE_COLOURS,
  FlowEdge,
  GroupNode,
  LeafNode,
  type YtkFlowEdge,
  type YtkFlowNode,
} from './GraphElements';
import { NodeDetails } from './NodeDetails';
import { EdgeLayer } from './EdgeLayer';
import { chooseEdgeRenderer, LABEL_MAX_EDGES } from './edgeRenderer';
import { ObservedEdgeDetails } from '../ObservedFlows/ObservedEdgeDetails';

const nodeTypes = { ytkGroup: GroupNode, ytkLeaf: LeafNode };
const edgeTypes = { ytkFlow: FlowEdge };

const NONE: ReadonlySet<string> = new Set();

export { LABEL_MAX_EDGES } from './edgeRenderer';

/** Port used to explain a flow that allows every port: any one port shows the same decision. */
const ANY_PORT_FALLBACK = '80/TCP';

function toFlowNodes(model: GraphNode[], layout: Layout): YtkFlowNode[] {
  return model.map(n => {
    const box = layout.get(n.id) ?? { x: 0, y: 0, width: 170, height: 44 };
    const group = n.kind === 'cluster' || n.kind === 'namespace';
    let parentId: string | undefined;
    if (n.kind === 'external') parentId = 'external';
    else if ('parent' in n) parentId = n.parent;
    return {
      id: n.id,
      type: group ? 'ytkGroup' : 'ytkLeaf',
      position: { x: box.x, y: box.y },
      // Fixed sizes and handle positions let edges render before (or without) DOM measurement.
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      handles: group
        ? []
        : [
            {
              type: 'target',
              position: Position.Left,
              x: 0,
              y: box.height / 2,
            },
            {
              type: 'source',
              position: Position.Right,
              x: box.width,
              y: box.height / 2,
            },
          ],
      parentId: parentId && layout.has(parentId) ? parentId : undefined,
      selectable: !group,
      draggable: false,
      data: { node: n },
      zIndex: group ? 0 : 1,
    } as YtkFlowNode;
  });
}

type Selection =
  | { type: 'edge'; edge: GraphEdge }
  | { type: 'node'; node: GraphNode }
  | undefined;

function EdgeExplanation({ edge }: { edge: GraphEdge }) {
  // Observed flows between ends the policies do not connect: the flows explain themselves.
  if (edge.connections.length === 0 && edge.observation)
    return <ObservedEdgeDetails observation={edge.observation} explainFirst />;
  return <AllowedEdgeExplanation edge={edge} />;
}

function AllowedEdgeExplanation({ edge }: { edge: GraphEdge }) {
  const api = useApi(ytkApiRef);
  const c = edge.connections[0];
  const port = firstPort(c.ports) ?? ANY_PORT_FALLBACK;
  const from = explainEndpoint(c.from);
  const to = explainEndpoint(c.to);
  const { value, loading, error } = useAsync(
    () => api.explainFlow({ from, to, port }),
    [api, from, to, port],
  );
  return (
    <Box>
      <Typography variant="subtitle1">
        {from} → {to} on {port}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {edge.count > edge.connections.length
          ? `${edge.count} flows (${edge.dropped} dropped); explained: the first, allowed ports ${formatPorts(c.ports)}`
          : `allowed ports: ${edge.connections.map(x => formatPorts(x.ports)).join('; ')}`}
      </Typography>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && <ExplanationView verdict={value.verdict} />}
      {edge.observation && (
        <ObservedEdgeDetails observation={edge.observation} />
      )}
    </Box>
  );
}

/**
 * The connectivity graph: clusters contain namespaces contain workloads; edges are allowed
 * flows. Click an edge to explain it, a node to see it, a collapsed namespace to open it.
 * With `observed` (a team's flows in a window), edges show what was seen: observed, allowed
 * but unused, dropped attempts.
 */
export function ConnectivityGraph(props: {
  graph: Graph;
  threshold?: number;
  observed?: TeamFlowsResponse;
}) {
  const { threshold, observed } = props;
  const api = useApi(ytkApiRef);
  const { search } = useLocation();
  // Expanded namespace ids, for the graph they were clicked in (a new graph starts collapsed).
  const [expansion, setExpansion] = useState({
    of: props.graph,
    ids: NONE as ReadonlySet<string>,
  });
  const expanded = expansion.of === props.graph ? expansion.ids : NONE;
  const [selection, setSelection] = useState<Selection>();
  // A graph the server aggregated expands by asking the server again (only the bundles change).
  const refetched = useAsync(async () => {
    const agg = props.graph.aggregation;
    if (!agg || expanded.size === 0) return undefined;
    const expand = new Set(agg.expanded);
    for (const id of expanded) expand.add(namespaceKey(id));
    const graph = await api.getConnectivity(agg.scope, {
      aggregate: 'namespace',
      expand: [...expand].sort(),
    });
    return { of: props.graph, graph };
  }, [api, props.graph, expanded]);
  const graph =
    refetched.value?.of === props.graph ? refetched.value.graph : props.graph;
  const model = useMemo(() => {
    const m = buildGraphModel(graph, { expanded, threshold });
    return observed ? withObservedFlows(m, observed) : m;
  }, [graph, expanded, threshold, observed]);
  // The model travels with its layout: a new model is drawn only once it is laid out.
  const laidOut = useAsync(
    async () => ({ model, layout: await layoutGraph(model) }),
    [model],
  );

  const onSelectEdge = useCallback(
    (edge: GraphEdge) => setSelection({ type: 'edge', edge }),
    [],
  );
  const onNodeClick: NodeMouseHandler<YtkFlowNode> = useCallback(
    (_event, node) => {
      const n = node.data.node;
      if (n.kind === 'aggregate') {
        setExpansion(prev => ({
          of: props.graph,
          ids: new Set([...(prev.of === props.graph ? prev.ids : []), n.id]),
        }));
      } else if (n.kind === 'workload' || n.kind === 'external') {
        setSelection({ type: 'node', node: n });
      }
    },
    [props.graph],
  );

  const drawn = laidOut.value;
  const nodes = useMemo(
    () => (drawn ? toFlowNodes(drawn.model.nodes, drawn.layout) : []),
    [drawn],
  );
  const renderer = chooseEdgeRenderer(drawn?.model.edges.length ?? 0, search);
  const edges: YtkFlowEdge[] = useMemo(() => {
    if (!drawn || renderer === 'layer') return [];
    // Hundreds of label buttons cost more to render than the rest of the graph.
    const labels = drawn.model.edges.length <= LABEL_MAX_EDGES;
    return drawn.model.edges.map(e => ({
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'ytkFlow',
      markerEnd: {
        type: MarkerType.ArrowClosed,
        color: EDGE_COLOURS[e.style],
      },
      data: { edge: e, onSelect: onSelectEdge, label: labels },
      zIndex: 2,
    }));
  }, [drawn, renderer, onSelectEdge]);
  const onEdgeClick = useCallback(
    (_e: unknown, edge: YtkFlowEdge) =>
      edge.data && onSelectEdge(edge.data.edge),
    [onSelectEdge],
  );

  if (laidOut.error) return <ResponseErrorPanel error={laidOut.error} />;
  if (!drawn) return <Progress />;

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={selection ? 8 : 12}>
        <div
          data-testid="ytk-graph"
          data-aggregated={drawn.model.aggregated}
          data-edge-renderer={renderer}
          data-observed={observed ? observed.window.window : undefined}
          style={{ height: 600, width: '100%' }}
        >
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodeClick={onNodeClick}
            onEdgeClick={onEdgeClick}
            nodesDraggable={false}
            nodesConnectable={false}
            fitView
            minZoom={0.05}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
            {renderer === 'layer' && (
              <EdgeLayer
                nodes={nodes}
                edges={drawn.model.edges}
                onSelect={onSelectEdge}
              />
            )}
          </ReactFlow>
        </div>
        {refetched.error && <ResponseErrorPanel error={refetched.error} />}
        {refetched.loading && <Progress />}
        {drawn.model.aggregated && (
          <Typography variant="caption">
            Large graph: namespaces are collapsed; click one to expand it.
            {drawn.model.edges.length > LABEL_MAX_EDGES &&
              ' Edge labels are hidden; click an edge to see it.'}
          </Typography>
        )}
      </Grid>
      {selection && (
        <Grid item xs={12} md={4}>
          <Paper style={{ padding: 16 }} data-testid="ytk-graph-selection">
            {selection.type === 'edge' ? (
              <EdgeExplanation edge={selection.edge} />
            ) : (
              <NodeDetails node={selection.node} />
            )}
          </Paper>
        </Grid>
      )}
    </Grid>
  );
}
