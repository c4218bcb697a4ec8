import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { ytkApiRef, type YtkApi } from '../../api';
import { YtkPage } from '../YtkPage';
import { mockYtkApi } from '../../testing/mockYtkApi';
import {
  explainFlowFixture,
  flowsGraphFixture,
  teamFlowsFixture,
} from '../../testing/flowFixtures';

// ELK layout and ReactFlow under jsdom are slow on a small, busy machine.
jest.setTimeout(60_000);
const slow = { timeout: 20_000 };

// A fake of the YtkApi type (a component test has no backend). What it answers is the real
// engine's: the flows are Hubble lines attributed and aggregated over a small cluster, the
// explanation and the graph are computed over the same cluster (testing/flowFixtures.ts).
const fakeApi = (overrides: Partial<YtkApi> = {}) =>
  mockYtkApi({
    // The window the page asked for comes back as the server would echo it.
    getTeamFlows: jest.fn(async (_team, options) => ({
      ...teamFlowsFixture,
      window: { ...teamFlowsFixture.window, window: options?.window ?? '24h' },
    })),
    getConnectivity: jest.fn().mockResolvedValue(flowsGraphFixture),
    explainFlow: jest.fn(async q => explainFlowFixture(q)),
    ...overrides,
  });

const render = (api: YtkApi, route: string) =>
  renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, api]]}>
      <YtkPage />
    </TestApiProvider>,
    { routeEntries: [route] },
  );

const WEB = 'east/shop/Deployment/web';
const API = 'east/shop/Deployment/api';
const DB = 'east/shop/Deployment/db';

describe('TeamFlowsPage', () => {
  it('lists observed edges, unused allows and drops with counts; unexpected ones say their cause; a click explains', async () => {
    const api = fakeApi();
    await render(api, '/flows/payments');
    const summary = await screen.findByTestId('ytk-flows-summary', {}, slow);
    expect(api.getTeamFlows).toHaveBeenCalledWith('payments', {
      window: '24h',
    });
    expect(summary).toHaveTextContent(
      '2 observed edges (4 flows), 1 allowed but unused, 2 dropped attempts (3 flows) · ⚠ 2 unexpected',
    );
    expect(screen.getByTestId('ytk-flows-sources')).toHaveTextContent(
      'Flow sources: east recorded',
    );

    const observed = within(
      screen.getByTestId('ytk-flows-observed'),
    ).getAllByTestId('ytk-flow-row');
    expect(
      observed.map(r => [
        r.getAttribute('data-classification'),
        r.getAttribute('data-destination'),
      ]),
    ).toEqual([
      ['allowed-as-expected', API],
      ['unexpected-allowed', API],
    ]);
    expect(observed[0]).toHaveTextContent('FORWARDED');
    expect(observed[0]).toHaveTextContent('2026-12-07 08:00 UTC');
    expect(observed[0]).toHaveTextContent('2026-12-07 10:00 UTC');
    expect(observed[0]).toHaveTextContent('shop/web → shop/api');
    expect(observed[0]).toHaveTextContent('8080/TCP');
    expect(within(observed[0]).getByText('3')).toBeInTheDocument();
    // The unexpected forward stands out and says why, in words.
    expect(
      within(observed[1]).getByTestId('ytk-flow-classification'),
    ).toHaveTextContent('⚠ unexpected: allowed');
    expect(
      within(observed[1]).getByTestId('ytk-flow-causes'),
    ).toHaveTextContent('Likely cause: The overlay is older than the flow');
    expect(within(observed[0]).queryByTestId('ytk-flow-causes')).toBeNull();

    const unused = within(
      screen.getByTestId('ytk-flows-unused'),
    ).getAllByTestId('ytk-unused-row');
    expect(unused).toHaveLength(1);
    expect(unused[0]).toHaveTextContent('shop/api → shop/db');
    expect(unused[0]).toHaveTextContent('5432/TCP');
    const rule = within(unused[0]).getByTestId('ytk-flow-rule');
    expect(rule).toHaveTextContent('CiliumNetworkPolicy shop/db-in ingress[0]');
    expect(within(rule).getByTestId('ytk-flow-rule-line')).toHaveTextContent(
      /^east\/shop\.yaml:\d+$/,
    );
    expect(within(rule).getByRole('link')).toHaveAttribute(
      'href',
      '/ytk/policies/east/shop/CiliumNetworkPolicy/db-in',
    );

    const dropped = within(
      screen.getByTestId('ytk-flows-dropped'),
    ).getAllByTestId('ytk-flow-row');
    expect(dropped.map(r => r.getAttribute('data-destination'))).toEqual([
      DB,
      API,
    ]);
    expect(dropped[0]).toHaveTextContent('POLICY_DENIED');
    expect(dropped[0]).toHaveTextContent('dropped as expected');

    // A click explains the edge with the current policies: the deciding policy line.
    fireEvent.click(dropped[0]);
    const selection = await screen.findByTestId('ytk-flows-selection');
    await waitFor(() =>
      expect(api.explainFlow).toHaveBeenCalledWith({
        from: WEB,
        to: DB,
        port: '5432/TCP',
      }),
    );
    const explanation = await within(selection).findByTestId(
      'ytk-explanation',
      {},
      slow,
    );
    expect(explanation).toHaveTextContent(/^Dropped/);
    const ingress = within(explanation).getByTestId('ytk-explanation-ingress');
    expect(ingress).toHaveTextContent('CiliumNetworkPolicy east/shop/db-in');
    expect(
      within(ingress).getByTestId('ytk-explanation-rule-line'),
    ).toHaveTextContent(/^east\/shop\.yaml:\d+$/);
    expect(
      within(selection).getByTestId('ytk-flow-explanation'),
    ).toHaveTextContent('Hubble in east: DROPPED (POLICY_DENIED), 2 flows');
  });

  it('explains a row chosen from the keyboard', async () => {
    const api = fakeApi();
    await render(api, '/flows/payments');
    const rows = within(
      await screen.findByTestId('ytk-flows-observed', {}, slow),
    ).getAllByTestId('ytk-flow-row');
    rows[1].focus();
    fireEvent.keyDown(rows[1], { key: 'Enter' });
    await waitFor(() =>
      expect(api.explainFlow).toHaveBeenCalledWith({
        from: WEB,
        to: API,
        port: '9090/TCP',
      }),
    );
    // The unexpected forward: the current policies drop it, and its cause is said.
    const selection = await screen.findByTestId('ytk-flows-selection');
    expect(
      await within(selection).findByTestId('ytk-explanation', {}, slow),
    ).toHaveTextContent(/^Dropped/);
    expect(within(selection).getByTestId('ytk-flow-causes')).toHaveTextContent(
      'Also possible: A feature ytk does not model',
    );
  });

  it('asks again for the window chosen in the filter', async () => {
    const api = fakeApi();
    await render(api, '/flows');
    await screen.findByTestId('ytk-flows-summary', {}, slow);
    // /flows is the first of the user's teams.
    expect(api.getTeamFlows).toHaveBeenLastCalledWith('payments', {
      window: '24h',
    });
    fireEvent.click(screen.getByTestId('ytk-flows-window-7d'));
    await waitFor(() =>
      expect(api.getTeamFlows).toHaveBeenLastCalledWith('payments', {
        window: '7d',
      }),
    );
    expect(screen.getByTestId('ytk-flows-window-7d')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('tells a caller who is not in the team that its flows are its members’', async () => {
    const api = fakeApi({
      getTeamFlows: jest.fn().mockImplementation(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotAllowedError', message: 'Not a member' },
            }),
            { status: 403, headers: { 'Content-Type': 'application/json' } },
          ) as any,
        );
      }),
    });
    await render(api, '/flows/ledger');
    expect(
      await screen.findByText(
        "A team's observed flows are shown to its members only.",
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('ytk-flows-observed')).toBeNull();
  });

  it('says so when no cluster has a flow source', async () => {
    const api = fakeApi({
      getTeamFlows: jest.fn().mockResolvedValue({
        ...teamFlowsFixture,
        observed: [],
        dropped: [],
        unused: [],
        sources: [{ cluster: 'east', state: 'none' }],
      }),
    });
    await render(api, '/flows/payments');
    expect(
      await screen.findByText(/No cluster has a Hubble flow source/, {}, slow),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ytk-flows-observed-empty')).toBeInTheDocument();
    expect(screen.getByTestId('ytk-flows-dropped-empty')).toBeInTheDocument();
  });

  it('marks the graph’s edges and draws the drops when the observed-flows toggle is on', async () => {
    const api = fakeApi();
    await render(api, '/flows/payments?window=7d');
    await screen.findByTestId('ytk-flows-summary', {}, slow);
    expect(api.getTeamFlows).toHaveBeenCalledWith('payments', {
      window: '7d',
    });
    const used = await screen.findByTestId(`ytk-edge-${WEB}-${API}`, {}, slow);
    expect(api.getConnectivity).toHaveBeenCalledWith({
      team: 'group:default/payments',
    });
    expect(used).not.toHaveAttribute('data-observed');
    expect(screen.queryByTestId(`ytk-edge-${WEB}-${DB}`)).toBeNull();

    fireEvent.click(
      within(screen.getByTestId('ytk-flows-graph-toggle')).getByRole(
        'checkbox',
      ),
    );
    const drop = await screen.findByTestId(`ytk-edge-${WEB}-${DB}`, {}, slow);
    expect(drop).toHaveAttribute('data-observed', 'attempted');
    expect(drop).toHaveTextContent('5432/TCP · 2 drops');
    expect(screen.getByTestId('ytk-graph')).toHaveAttribute(
      'data-observed',
      '7d',
    );
    expect(screen.getByTestId(`ytk-edge-${WEB}-${API}`)).toHaveAttribute(
      'data-observed',
      'observed',
    );
    expect(screen.getByTestId(`ytk-edge-${API}-${DB}`)).toHaveAttribute(
      'data-observed',
      'unused',
    );

    // A drop the policies do not connect is explained by its flows.
    fireEvent.click(drop);
    const seen = await screen.findByTestId('ytk-graph-observation');
    expect(seen).toHaveAttribute('data-state', 'attempted');
    expect(
      await within(seen).findByTestId('ytk-explanation', {}, slow),
    ).toHaveTextContent(/^Dropped/);
  });
});
