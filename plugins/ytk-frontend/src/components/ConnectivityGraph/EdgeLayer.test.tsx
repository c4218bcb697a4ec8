import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { YtkApi } from '../../api';
import { ytkApiRef } from '../../api';
import { verdictFixture } from '../../testing/fixtures';
import { ConnectivityGraph } from './ConnectivityGraph';
import { denseAggregatedGraph } from './__testUtils__/denseGraph';

jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

function mockApi(): jest.Mocked<
  Pick<YtkApi, 'explainFlow' | 'getConnectivity'>
> {
  return {
    explainFlow: jest.fn().mockResolvedValue({ verdict: verdictFixture }),
    getConnectivity: jest.fn(),
  };
}

describe('ConnectivityGraph with many edges', () => {
  const graph = denseAggregatedGraph(14); // 182 edges, past LABEL_MAX_EDGES

  it('draws every edge as a path of one layer, and explains the one clicked', async () => {
    const api = mockApi();
    await renderInTestApp(
      <TestApiProvider apis={[[ytkApiRef, api]]}>
        <ConnectivityGraph graph={graph} />
      </TestApiProvider>,
    );
    const view = await screen.findByTestId('ytk-graph', {}, slow);
    expect(view).toHaveAttribute('data-edge-renderer', 'layer');
    expect(view).toHaveAttribute('data-aggregated', 'true');
    const layer = await screen.findByTestId('ytk-edge-layer', {}, slow);
    expect(layer.querySelectorAll('path[data-edge-id]')).toHaveLength(182);
    expect(screen.getByTestId('ytk-node-ns:east/n0')).toBeInTheDocument();

    fireEvent.click(
      layer.querySelector('path[data-edge-id="ns:east/n1->ns:east/n2"]')!,
    );
    expect(
      await screen.findByTestId('ytk-graph-selection', {}, slow),
    ).toHaveTextContent('east/n1/Deployment/a → east/n2/Deployment/b');
    expect(api.explainFlow).toHaveBeenCalledWith({
      from: 'east/n1/Deployment/a',
      to: 'east/n2/Deployment/b',
      port: '8080/TCP',
    });
  });

  it('draws ReactFlow edges instead with ?graphEdges=reactflow', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[ytkApiRef, mockApi()]]}>
        <ConnectivityGraph graph={graph} />
      </TestApiProvider>,
      { routeEntries: ['/?graphEdges=reactflow'] },
    );
    const view = await screen.findByTestId('ytk-graph', {}, slow);
    expect(view).toHaveAttribute('data-edge-renderer', 'reactflow');
    expect(screen.queryByTestId('ytk-edge-layer')).toBeNull();
  });
});
