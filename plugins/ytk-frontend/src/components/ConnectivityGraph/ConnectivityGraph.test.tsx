import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { YtkApi } from '../../api';
import { ytkApiRef } from '../../api';
import { ConnectivityGraph } from './ConnectivityGraph';
import { connectivityFixture, verdictFixture } from '../../testing/fixtures';
import { aggregateLikeTheServer } from './__testUtils__/aggregate';

// ELK layout and ReactFlow under jsdom are slow on a small, busy machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

// The API is mocked: a component test has no backend.
function mockApi(): jest.Mocked<
  Pick<YtkApi, 'explainFlow' | 'getConnectivity'>
> {
  return {
    explainFlow: jest.fn().mockResolvedValue({ verdict: verdictFixture }),
    getConnectivity: jest.fn(async (_scope, options) =>
      aggregateLikeTheServer(connectivityFixture, options?.expand, {
        team: 'group:default/payments',
      }),
    ),
  };
}

describe('ConnectivityGraph', () => {
  it('draws grouped nodes and styled edges after layout', async () => {
    const api = mockApi();
    await renderInTestApp(
      <TestApiProvider apis={[[ytkApiRef, api]]}>
        <ConnectivityGraph graph={connectivityFixture} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByTestId('ytk-graph', {}, slow),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('ytk-group-cluster:east', {}, slow),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ytk-group-ns:west/ledger')).toBeInTheDocument();
    expect(
      screen.getByTestId('ytk-node-east/payments/Deployment/api'),
    ).toHaveTextContent('api');

    const dropped = await screen.findByTestId(
      'ytk-edge-east/payments/Deployment/api-west/ledger/Deployment/audit',
      {},
      slow,
    );
    expect(dropped).toHaveAttribute('data-edge-style', 'dropped');
    expect(dropped).toHaveTextContent('443/TCP · dropped');
    expect(
      screen.getByTestId(
        'ytk-edge-east/payments/Deployment/api-west/ledger/StatefulSet/db',
      ),
    ).toHaveAttribute('data-edge-style', 'cross-cluster');
  });

  it('explains an edge on click with each side and the deciding rule', async () => {
    const api = mockApi();
    await renderInTestApp(
      <TestApiProvider apis={[[ytkApiRef, api]]}>
        <ConnectivityGraph graph={connectivityFixture} />
      </TestApiProvider>,
    );
    await userEvent.click(
      await screen.findByTestId(
        'ytk-edge-east/payments/Deployment/api-west/ledger/Deployment/audit',
        {},
        slow,
      ),
    );
    const explanation = await screen.findByTestId('ytk-explanation', {}, slow);
    expect(api.explainFlow).toHaveBeenCalledWith({
      from: 'east/payments/Deployment/api',
      to: 'west/ledger/Deployment/audit',
      port: '443/TCP',
    });
    expect(explanation).toHaveTextContent('Dropped');
    expect(explanation).not.toHaveTextContent('🔒');
    expect(
      within(screen.getByTestId('ytk-explanation-ingress')).getByText(
        /CiliumNetworkPolicy west\/ledger\/audit-in ingress\[0\] \(allow, auth required\)/,
      ),
    ).toBeInTheDocument();
  });

  it('shows node details, and expands a collapsed namespace on click', async () => {
    const api = mockApi();
    await renderInTestApp(
      <TestApiProvider apis={[[ytkApiRef, api]]}>
        <ConnectivityGraph graph={connectivityFixture} threshold={2} />
      </TestApiProvider>,
    );
    const graph = await screen.findByTestId('ytk-graph', {}, slow);
    expect(graph).toHaveAttribute('data-aggregated', 'true');
    // fireEvent: ReactFlow's drag handler reads pointer-event views jsdom's mousedown lacks.
    fireEvent.click(
      await screen.findByTestId('ytk-node-ns:east/payments', {}, slow),
    );
    fireEvent.click(
      await screen.findByTestId(
        'ytk-node-east/payments/Deployment/web',
        {},
        slow,
      ),
    );
    expect(
      await screen.findByTestId('ytk-node-details', {}, slow),
    ).toHaveTextContent('service account: web');
  });

  it('expands a namespace of a server-aggregated graph by asking the server', async () => {
    const api = mockApi();
    const graph = aggregateLikeTheServer(connectivityFixture, [], {
      team: 'group:default/payments',
    });
    await renderInTestApp(
      <TestApiProvider apis={[[ytkApiRef, api]]}>
        <ConnectivityGraph graph={graph} />
      </TestApiProvider>,
    );
    const view = await screen.findByTestId('ytk-graph', {}, slow);
    expect(view).toHaveAttribute('data-aggregated', 'true');
    expect(
      screen.getByTestId('ytk-edge-ns:east/payments-ns:west/ledger'),
    ).toHaveTextContent('2 flows · 1 dropped');
    fireEvent.click(screen.getByTestId('ytk-node-ns:west/ledger'));
    expect(
      await screen.findByTestId('ytk-group-ns:west/ledger', {}, slow),
    ).toBeInTheDocument();
    expect(api.getConnectivity).toHaveBeenCalledWith(
      { team: 'group:default/payments' },
      { aggregate: 'namespace', expand: ['west/ledger'] },
    );
    expect(
      screen.getByTestId(
        'ytk-edge-ns:east/payments-west/ledger/Deployment/audit',
      ),
    ).toHaveAttribute('data-edge-style', 'dropped');
    // A bundle explains its first flow and says how many it stands for.
    fireEvent.click(
      screen.getByTestId('ytk-edge-ns:east/payments-ns:east/payments'),
    );
    await screen.findByTestId('ytk-explanation', {}, slow);
    expect(api.explainFlow).toHaveBeenCalledWith({
      from: 'east/payments/Deployment/web',
      to: 'east/payments/Deployment/api',
      port: '8080/TCP',
    });
  });
});
