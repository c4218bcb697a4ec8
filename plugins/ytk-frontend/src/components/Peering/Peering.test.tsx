import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type { YtkApi } from '../../api';
import { ytkApiRef } from '../../api';
import { YtkPage } from '../YtkPage';
import { mockYtkApi } from '../../testing/mockYtkApi';
import { EMPTY_SOURCES_RETRY_MS } from './PeeringForm';
import {
  connectivityFixture,
  peeringDetailFixture,
  peeringPreviewFixture,
  peeringRecordFixture,
} from '../../testing/fixtures';

// MUI tables under jsdom are slow on a small shared machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

// The whole network page's routes, as the app mounts them: the pages link to each other relatively.
const render = (api: YtkApi, route: string) =>
  renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, api]]}>
      <YtkPage />
    </TestApiProvider>,
    { routeEntries: [route] },
  );

const field = (name: string) =>
  screen.getByTestId(`ytk-peering-field-${name}`) as HTMLInputElement;
const type = (name: string, value: string) =>
  fireEvent.change(field(name), { target: { value } });

/** The ResponseError YtkClient throws for a Backstage error body. */
function httpError(status: number, name: string, message: string) {
  const response = new Response(
    JSON.stringify({
      error: { name, message },
      response: { statusCode: status },
    }),
    { status, headers: { 'Content-Type': 'application/json' } },
  );
  return ResponseError.fromResponse(response as any);
}

describe('peering form', () => {
  it('offers only my team’s workloads as the source and names each invalid field', async () => {
    const api = mockYtkApi();
    await render(api, '/peering/new');
    await screen.findByTestId('ytk-peering-form', {}, slow);
    const sources = [...field('from').querySelectorAll('option')]
      .map(o => o.value)
      .filter(Boolean);
    expect(sources).toEqual([
      'east/payments/Deployment/api',
      'east/payments/Deployment/web',
    ]);
    type('ports', '70000, 9010-9000/UDP');
    type('expires', '2000-01-01');
    expect(screen.getByTestId('ytk-peering-submit')).toBeDisabled();
    fireEvent.click(screen.getByTestId('ytk-peering-preview-button'));
    expect(
      await screen.findByText('pick one of your team’s workloads'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('pick the workload or service to reach'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('"70000": ports run from 1 to 65535'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('say why the access is needed'),
    ).toBeInTheDocument();
    expect(screen.getByText('must be in the future')).toBeInTheDocument();
    expect(api.previewPeering).not.toHaveBeenCalled();
    expect(api.createPeering).not.toHaveBeenCalled();
  });

  it('asks again while none of my team’s workloads is in the overlay yet, keeping what was typed', async () => {
    // Timers advance with the clock, and jump on demand: the retry interval is not waited out.
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const api = mockYtkApi();
      const notMine = {
        ...connectivityFixture,
        nodes: connectivityFixture.nodes.map(n => ({ ...n, team: undefined })),
      };
      (api.getConnectivity as jest.Mock)
        .mockResolvedValueOnce(notMine)
        .mockResolvedValueOnce(notMine);
      await render(api, '/peering/new');
      await screen.findByTestId('ytk-peering-form', {}, slow);
      expect(
        screen.getByText(/None of your team’s workloads is in the overlay yet/),
      ).toBeInTheDocument();
      type('reason', 'kept across the retry');
      for (const calls of [2, 3]) {
        await act(async () => {
          jest.advanceTimersByTime(EMPTY_SOURCES_RETRY_MS);
        });
        await waitFor(
          () => expect(api.getConnectivity).toHaveBeenCalledTimes(calls),
          slow,
        );
      }
      await waitFor(
        () =>
          expect(
            [...field('from').querySelectorAll('option')]
              .map(o => o.value)
              .filter(Boolean),
          ).toEqual([
            'east/payments/Deployment/api',
            'east/payments/Deployment/web',
          ]),
        slow,
      );
      expect(
        screen.queryByText(
          /None of your team’s workloads is in the overlay yet/,
        ),
      ).toBeNull();
      expect(field('reason').value).toBe('kept across the retry');
      // Found: no more asking.
      await act(async () => {
        jest.advanceTimersByTime(EMPTY_SOURCES_RETRY_MS * 3);
      });
      expect(api.getConnectivity).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('previews the YAML and diff, then submits the request and opens its detail page', async () => {
    const api = mockYtkApi();
    await render(api, '/peering/new');
    await screen.findByTestId('ytk-peering-form', {}, slow);
    type('from', 'east/payments/Deployment/api');
    type('target', 'west/ledger/StatefulSet/db');
    type('ports', '5432, 9000-9010/udp');
    type('reason', '  ledger reads for the monthly report ');
    const body = {
      from: 'east/payments/Deployment/api',
      to: { workload: 'west/ledger/StatefulSet/db' },
      ports: [
        { protocol: 'TCP', port: 5432 },
        { protocol: 'UDP', port: 9000, endPort: 9010 },
      ],
      reason: 'ledger reads for the monthly report',
    };
    // nothing can be submitted before its preview was seen
    expect(screen.getByTestId('ytk-peering-submit')).toBeDisabled();
    fireEvent.click(screen.getByTestId('ytk-peering-preview-button'));
    const preview = await screen.findByTestId('ytk-peering-preview', {}, slow);
    expect(api.previewPeering).toHaveBeenCalledWith(body);
    // The code block renders lazily.
    await waitFor(
      () =>
        expect(
          within(preview).getByTestId('ytk-peering-preview-yaml'),
        ).toHaveTextContent('name: ytk-peering-preview'),
      slow,
    );
    expect(within(preview).getByTestId('ytk-peering-diff')).toHaveTextContent(
      '+ east/payments/Deployment/api → west/ledger/StatefulSet/db (5432/TCP)',
    );
    expect(preview).toHaveTextContent('group:default/ledger will review it');
    expect(
      within(preview).queryByTestId('ytk-peering-no-target-team'),
    ).toBeNull();
    // a change after the preview hides it until previewed again
    type('reason', 'ledger reads for the monthly report!');
    expect(screen.queryByTestId('ytk-peering-preview')).toBeNull();
    expect(screen.getByTestId('ytk-peering-submit')).toBeDisabled();
    type('reason', 'ledger reads for the monthly report');
    fireEvent.click(screen.getByTestId('ytk-peering-preview-button'));
    await screen.findByTestId('ytk-peering-preview', {}, slow);
    expect(api.createPeering).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('ytk-peering-submit'));
    await waitFor(() => expect(api.createPeering).toHaveBeenCalledWith(body));
    expect(
      await screen.findByTestId('ytk-peering-state', {}, slow),
    ).toHaveTextContent('requested');
    expect(api.getPeering).toHaveBeenCalledWith(peeringRecordFixture.id);
  });

  it('says so at preview when no team owns the target (nobody could approve it)', async () => {
    const { targetTeam: _none, ...unowned } = peeringPreviewFixture;
    const api = mockYtkApi({
      previewPeering: jest.fn().mockResolvedValue(unowned),
    });
    await render(api, '/peering/new');
    await screen.findByTestId('ytk-peering-form', {}, slow);
    type('from', 'east/payments/Deployment/api');
    type('target', 'west/ledger/StatefulSet/db');
    type('ports', '5432');
    type('reason', 'reports');
    fireEvent.click(screen.getByTestId('ytk-peering-preview-button'));
    const warning = await screen.findByTestId(
      'ytk-peering-no-target-team',
      {},
      slow,
    );
    expect(warning).toHaveTextContent(
      `No team owns ${unowned.targets.join(', ')} in the catalog`,
    );
    expect(screen.getByTestId('ytk-peering-preview')).not.toHaveTextContent(
      'will review it',
    );
  });

  it('shows the server’s refusal at preview (e.g. the flow is already allowed)', async () => {
    const api = mockYtkApi({
      previewPeering: jest
        .fn()
        .mockRejectedValue(
          await httpError(409, 'ConflictError', 'the flow is already allowed'),
        ),
    });
    await render(api, '/peering/new');
    await screen.findByTestId('ytk-peering-form', {}, slow);
    type('targetKind', 'service');
    type('from', 'east/payments/Deployment/web');
    type('target', 'west/ledger/db');
    type('ports', '5432');
    type('reason', 'reports');
    fireEvent.click(screen.getByTestId('ytk-peering-preview-button'));
    await waitFor(() =>
      expect(api.previewPeering).toHaveBeenCalledWith(
        expect.objectContaining({ to: { service: 'west/ledger/db' } }),
      ),
    );
    expect(
      (await screen.findAllByText(/Request failed with 409/, {}, slow)).length,
    ).toBeGreaterThan(0);
    // Still on the form: nothing was created, and nothing can be submitted.
    expect(screen.getByTestId('ytk-peering-form')).toBeInTheDocument();
    expect(screen.getByTestId('ytk-peering-submit')).toBeDisabled();
    expect(api.createPeering).not.toHaveBeenCalled();
  });
});

describe('peering inbox', () => {
  it('lists incoming requests first and outgoing on the other tab, rows linking to the detail', async () => {
    const api = mockYtkApi();
    await render(api, '/peering');
    const inbox = await screen.findByTestId('ytk-peering-inbox', {}, slow);
    const link = await within(inbox).findByText(
      'east/payments/Deployment/api',
      {},
      slow,
    );
    expect(link.closest('a')).toHaveAttribute(
      'href',
      `/peering/${peeringRecordFixture.id}`,
    );
    expect(api.listPeering).toHaveBeenLastCalledWith('incoming');
    fireEvent.click(screen.getByTestId('ytk-peering-tab-mine'));
    await waitFor(() =>
      expect(api.listPeering).toHaveBeenLastCalledWith('mine'),
    );
    expect(screen.getByTestId('ytk-peering-new').closest('a')).toHaveAttribute(
      'href',
      '/peering/new',
    );
  });

  it('is linked from the network page', async () => {
    await render(mockYtkApi(), '/');
    expect(
      (await screen.findByTestId('ytk-peering-link', {}, slow)).closest('a'),
    ).toHaveAttribute('href', '/peering');
  });
});

describe('peering detail', () => {
  const route = `/peering/${peeringRecordFixture.id}`;

  it('shows state, generated YAML, the connectivity diff, the audit trail and only the permitted actions', async () => {
    await render(mockYtkApi(), route);
    expect(
      await screen.findByTestId('ytk-peering-state', {}, slow),
    ).toHaveTextContent('requested');
    expect(screen.getByTestId('ytk-peering-yaml')).toHaveTextContent(
      'kind: CiliumNetworkPolicy',
    );
    expect(screen.getByTestId('ytk-peering-diff')).toHaveTextContent(
      '+ east/payments/Deployment/api → west/ledger/StatefulSet/db (5432/TCP)',
    );
    expect(
      within(screen.getByTestId('ytk-peering-audit')).getByText('create'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ytk-peering-approve')).toBeInTheDocument();
    expect(screen.getByTestId('ytk-peering-reject')).toBeInTheDocument();
    expect(screen.queryByTestId('ytk-peering-apply')).toBeNull();
    expect(screen.queryByTestId('ytk-peering-cancel')).toBeNull();
  });

  it('approves with the comment and the version seen, then reloads', async () => {
    const approved = {
      ...peeringDetailFixture,
      state: 'approved' as const,
      version: 2,
      allowedActions: ['apply' as const],
    };
    const api = mockYtkApi({
      getPeering: jest
        .fn()
        .mockResolvedValueOnce(peeringDetailFixture)
        .mockResolvedValue(approved),
    });
    await render(api, route);
    await screen.findByTestId('ytk-peering-approve', {}, slow);
    fireEvent.change(screen.getByTestId('ytk-peering-comment'), {
      target: { value: 'ok for reports' },
    });
    fireEvent.click(screen.getByTestId('ytk-peering-approve'));
    await waitFor(() =>
      expect(api.actOnPeering).toHaveBeenCalledWith(
        peeringRecordFixture.id,
        'approve',
        { comment: 'ok for reports', version: 1 },
      ),
    );
    expect(
      await screen.findByTestId('ytk-peering-apply', {}, slow),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ytk-peering-state')).toHaveTextContent(
      'approved',
    );
  });

  it('says someone else acted first on a 409, and reloads on request', async () => {
    const api = mockYtkApi({
      actOnPeering: jest
        .fn()
        .mockRejectedValue(
          await httpError(
            409,
            'ConflictError',
            'request is approved, not requested',
          ),
        ),
    });
    await render(api, route);
    fireEvent.click(await screen.findByTestId('ytk-peering-reject', {}, slow));
    const conflict = await screen.findByTestId('ytk-peering-conflict');
    expect(conflict).toHaveTextContent('Someone else acted first');
    expect(api.getPeering).toHaveBeenCalledTimes(1);
    fireEvent.click(within(conflict).getByText('Reload'));
    await waitFor(() => expect(api.getPeering).toHaveBeenCalledTimes(2));
  });
});
