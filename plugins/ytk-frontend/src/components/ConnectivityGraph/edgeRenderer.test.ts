import { chooseEdgeRenderer, LABEL_MAX_EDGES } from './edgeRenderer';

describe('chooseEdgeRenderer', () => {
  it('keeps ReactFlow edges (with labels) for small graphs, whatever the flag', () => {
    expect(chooseEdgeRenderer(LABEL_MAX_EDGES, '')).toBe('reactflow');
    expect(chooseEdgeRenderer(3, '?graphEdges=layer')).toBe('reactflow');
  });

  it('draws large graphs in one layer unless ?graphEdges=reactflow asks otherwise', () => {
    expect(chooseEdgeRenderer(LABEL_MAX_EDGES + 1, '')).toBe('layer');
    expect(chooseEdgeRenderer(1325, '?team=x&graphEdges=other')).toBe('layer');
    expect(chooseEdgeRenderer(1325, '?graphEdges=reactflow')).toBe('reactflow');
  });
});
