import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type { YtkApi } from '../../api';
import { ytkApiRef } from '../../api';
import { YtkPage } from './YtkPage';
import {
  clustersFixture,
  connectivityFixture,
  policyDetailFixture,
  policySummaryFixture,
  verdictFixture,
} from '../../testing/fixtures';

// The page renders MUI tables and an ELK layout: slow under jsdom on a small machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

// The API is mocked: a component test has no backend.
function mockApi(overrides: Partial<YtkApi> = {}): jest.Mocked<YtkApi> {
  return {
    getClusters: jest.fn().mockResolvedValue(clustersFixture),
    getTeams: jest
      .fn()
      .mockResolvedValue([
        { ref: 'group:default/payments', name: 'payments', title: 'Payments' },
      ]),
    getTeamOverview: jest.fn(),
    getConnectivity: jest.fn().mockResolvedValue(connectivityFixture),
    getEntityNetwork: jest.fn(),
    explainFlow: jest.fn().mockResolvedValue({ verdict: verdictFixture }),
    getPolicies: jest
      .fn()
      .mockResolvedValue({ policies: [policySummaryFixture] }),
    getPolicy: jest.fn().mockResolvedValue(policyDetailFixture),
    lint: jest.fn(),
    getFindings: jest.fn().mockResolvedValue({ findings: [] }),
    ...overrides,
  } as jest.Mocked<YtkApi>;
}

const render = (api: YtkApi, route = '/') =>
  renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, api]]}>
      <YtkPage />
    </TestApiProvider>,
    { routeEntries: [route] },
  );

describe('YtkPage', () => {
  it('shows clusters with health, an unreachable cluster with since when, the graph and tables', async () => {
    const api = mockApi();
    await render(api);
    const east = await screen.findByTestId('ytk-cluster-east');
    expect(east).toHaveTextContent('Cilium 1.19.2');
    expect(east).toHaveTextContent('SPIFFE trust domain: east.example');
    expect(east).toHaveTextContent(
      'federates with: west.example (https_spiffe)',
    );
    expect(screen.getByTestId('ytk-cluster-alert-west')).toHaveTextContent(
      'Cluster west is unreachable (last synced 2025-05-01T09:00:00Z: connect ECONNREFUSED',
    );
    expect(
      await screen.findByTestId('ytk-graph', {}, slow),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('ytk-workloads')).getByText('StatefulSet'),
    ).toBeInTheDocument();
    const policies = await screen.findByTestId('ytk-policies', {}, slow);
    expect(within(policies).getByText('audit-in').closest('a')).toHaveAttribute(
      'href',
      '/policies/west/ledger/CiliumNetworkPolicy/audit-in',
    );
  });

  it('refetches connectivity for the chosen team', async () => {
    const api = mockApi();
    await render(api);
    await screen.findByTestId('ytk-graph', {}, slow);
    fireEvent.mouseDown(
      within(screen.getByTestId('ytk-filter-team')).getByRole('button'),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'Payments' }));
    await waitFor(() =>
      expect(api.getConnectivity).toHaveBeenCalledWith({
        team: 'group:default/payments',
        cluster: '',
        namespace: '',
      }),
    );
  });

  it('says what to do when the scope is empty', async () => {
    const api = mockApi({
      getConnectivity: jest
        .fn()
        .mockResolvedValue({ overlayVersion: 1, nodes: [], connections: [] }),
    });
    await render(api);
    expect(
      await screen.findByText('No workloads in this scope'),
    ).toBeInTheDocument();
    expect(screen.getByText(/backstage.io\/kubernetes-id/)).toBeInTheDocument();
  });

  it('tells a user in no team why and what to do', async () => {
    const api = mockApi({ getTeams: jest.fn().mockResolvedValue([]) });
    await render(api);
    expect(await screen.findByText(/You are in no team/)).toBeInTheDocument();
    expect(screen.getByText(/sign out and in again/)).toBeInTheDocument();
  });

  it('does not warn a team member about teams', async () => {
    await render(mockApi());
    await screen.findByTestId('ytk-graph', {}, slow);
    expect(screen.queryByText(/You are in no team/)).toBeNull();
  });

  it('shows the server error when the API fails', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'Error', message: 'overlay not ready' },
        response: { statusCode: 503 },
      }),
      { status: 503, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    const api = mockApi({ getClusters: jest.fn().mockRejectedValue(error) });
    await render(api);
    expect(
      await screen.findByText(/Request failed with 503/, {}, slow),
    ).toBeInTheDocument();
  });

  it('shows a policy with line numbers and its findings on their lines', async () => {
    const api = mockApi();
    await render(api, '/policies/west/ledger/CiliumNetworkPolicy/audit-in');
    const line9 = await screen.findByTestId('ytk-yaml-line-9');
    expect(api.getPolicy).toHaveBeenCalledWith({
      cluster: 'west',
      namespace: 'ledger',
      kind: 'CiliumNetworkPolicy',
      name: 'audit-in',
    });
    expect(line9).toHaveAttribute('data-finding', 'error');
    expect(line9).toHaveTextContent('authentication: {mode: required}');
    expect(line9).toHaveTextContent('cilium-auth-cross-cluster');
    expect(screen.getByTestId('ytk-yaml-line-8')).not.toHaveAttribute(
      'data-finding',
    );
    expect(
      within(screen.getByTestId('ytk-findings')).getByText(
        /cilium-auth-cross-cluster/,
      ),
    ).toBeInTheDocument();
  });
});
