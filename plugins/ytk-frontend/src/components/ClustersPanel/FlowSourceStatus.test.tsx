import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { FlowSourceHealth } from '@ytknetwork/common';
import { ytkApiRef, type YtkClusterView } from '../../api';
import { mockYtkApi } from '../../testing/mockYtkApi';
import { clustersFixture } from '../../testing/fixtures';
import { ClustersPanel } from './ClustersPanel';

jest.setTimeout(30_000);

const base: FlowSourceHealth = {
  state: 'none',
  source: 'none',
  flowsSeen: 0,
  droppedForBackpressure: 0,
  attempts: 0,
};

// The panel's input-problems section asks the API: a fake of its interface answers (no backend).
const render = (clusters: YtkClusterView[]) =>
  renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, mockYtkApi()]]}>
      <ClustersPanel clusters={clusters} />
    </TestApiProvider>,
  );

const [east, west] = clustersFixture;

describe('ClustersPanel flow source', () => {
  it('shows each cluster’s flow source beside its Kubernetes health: reconnecting with the last error, connected', async () => {
    await render([
      {
        ...east,
        flows: {
          ...base,
          state: 'reconnecting',
          source: 'relay',
          attempts: 3,
          lastError: '14 UNAVAILABLE: No connection established',
          nextRetryAt: '2026-12-07T10:00:08.000Z',
        },
      },
      {
        ...west,
        flows: {
          ...base,
          state: 'connected',
          source: 'relay',
          flowsSeen: 1200,
          droppedForBackpressure: 4,
          hubbleVersion: 'v1.17.3',
          connectedSince: '2026-12-07T09:00:00.000Z',
        },
      },
    ]);
    const e = await screen.findByTestId('ytk-cluster-flows-east');
    expect(e).toHaveAttribute('data-state', 'reconnecting');
    expect(e).toHaveTextContent(
      'flows: reconnecting 14 UNAVAILABLE: No connection established; 3 failed attempt(s), next at 2026-12-07T10:00:08.000Z',
    );
    const w = screen.getByTestId('ytk-cluster-flows-west');
    expect(w).toHaveTextContent(
      'flows: connected Hubble Relay v1.17.3 since 2026-12-07T09:00:00.000Z, 1200 flows seen, 4 dropped to keep memory bounded',
    );
    // Beside the Kubernetes health, in the same card.
    expect(screen.getByTestId('ytk-cluster-east')).toContainElement(e);
  });

  it('says recorded (with the file’s problem lines) and none; nothing from an older backend', async () => {
    await render([
      {
        ...east,
        flows: {
          ...base,
          state: 'recorded',
          source: 'recorded',
          flowsSeen: 767,
          inputProblems: 2,
        },
      },
      { ...west, flows: base },
    ]);
    expect(
      await screen.findByTestId('ytk-cluster-flows-east'),
    ).toHaveTextContent(
      'flows: recorded replayed from a file, 767 flows seen, 2 lines that are not flows',
    );
    expect(screen.getByTestId('ytk-cluster-flows-west')).toHaveTextContent(
      'flows: none no Hubble configured (ytk.clusters[].hubble)',
    );
  });

  it('shows no flow line when the backend does not report one', async () => {
    await render([east]);
    await screen.findByTestId('ytk-cluster-east');
    expect(screen.queryByTestId('ytk-cluster-flows-east')).toBeNull();
  });
});
