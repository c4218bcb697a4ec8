import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type { YtkApi } from '../../api';
import { ytkApiRef } from '../../api';
import { EntityYtkNetworkContent } from './EntityYtkNetworkContent';
import { EntityYtkNetworkCard } from './EntityYtkNetworkCard';
import { entityNetworkFixture, verdictFixture } from '../../testing/fixtures';
import { entityPostureFixture } from '../../testing/postureFixtures';
import { entityDropsFixture } from '../../testing/flowFixtures';
import { ResponseError } from '@backstage/errors';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'audit',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'audit' },
  },
};

// The API is mocked: a component test has no backend.
function mockApi(): Pick<
  jest.Mocked<YtkApi>,
  'getEntityNetwork' | 'explainFlow' | 'getEntityPosture' | 'getEntityDrops'
> {
  return {
    getEntityNetwork: jest.fn().mockResolvedValue(entityNetworkFixture),
    explainFlow: jest.fn().mockResolvedValue({ verdict: verdictFixture }),
    // The real engine's report over a small cluster (testing/postureFixtures.ts).
    getEntityPosture: jest.fn().mockResolvedValue(entityPostureFixture),
    // The real engine's attribution of Hubble lines (testing/flowFixtures.ts).
    getEntityDrops: jest.fn().mockResolvedValue(entityDropsFixture),
  };
}

const render = (api: ReturnType<typeof mockApi>, element: JSX.Element) =>
  renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, api]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );

describe('EntityYtkNetworkContent', () => {
  it('lists inbound peers with cluster, ports and a dropped status, policies and findings', async () => {
    const api = mockApi();
    await render(api, <EntityYtkNetworkContent />);
    const inbound = await screen.findByTestId('ytk-entity-inbound');
    expect(api.getEntityNetwork).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'audit',
    });
    expect(inbound).toHaveTextContent('east/payments/Deployment/api');
    expect(inbound).toHaveTextContent('443/TCP');
    expect(inbound).toHaveTextContent(
      'dropped (mutual auth across ClusterMesh)',
    );
    expect(inbound).not.toHaveTextContent('🔒');
    expect(
      within(screen.getByTestId('ytk-policies'))
        .getByText('audit-in')
        .closest('a'),
    ).toHaveAttribute(
      'href',
      '/ytk/policies/west/ledger/CiliumNetworkPolicy/audit-in',
    );
    expect(
      within(screen.getByTestId('ytk-findings')).getByText(
        /cilium-auth-cross-cluster/,
      ),
    ).toBeInTheDocument();
  });

  it('answers "can X reach this?" through explain', async () => {
    const api = mockApi();
    await render(api, <EntityYtkNetworkContent />);
    const form = await screen.findByTestId('ytk-reach-form');
    fireEvent.change(screen.getByTestId('ytk-reach-from'), {
      target: { value: 'east/payments/Deployment/api' },
    });
    fireEvent.change(screen.getByTestId('ytk-reach-port'), {
      target: { value: '443/TCP' },
    });
    await userEvent.click(
      within(form).getByRole('button', { name: 'Explain' }),
    );
    expect(await screen.findByTestId('ytk-explanation')).toHaveTextContent(
      'mutual auth across ClusterMesh is not supported: dropped',
    );
    expect(api.explainFlow).toHaveBeenCalledWith({
      from: 'east/payments/Deployment/api',
      to: 'west/ledger/Deployment/audit',
      port: '443/TCP',
    });
  });

  it('shows the posture of the entity’s workloads, or whose it is on a 403', async () => {
    const api = mockApi();
    await render(api, <EntityYtkNetworkContent />);
    const section = await screen.findByTestId('ytk-entity-posture');
    expect(
      await within(section).findByTestId('ytk-posture-summary'),
    ).toHaveTextContent(`${entityPostureFixture.counts.notMet} not met`);
    expect(api.getEntityPosture).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'audit',
    });
    const rows = within(section).getAllByTestId('ytk-posture-risk-row');
    expect(rows).toHaveLength(
      entityPostureFixture.results.filter(r => r.status !== 'met').length,
    );

    const other = mockApi();
    other.getEntityPosture.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response('{}', { status: 403 }) as any,
      ),
    );
    await render(other, <EntityYtkNetworkContent />);
    expect(
      await screen.findByText(
        'The posture of this entity is shown to the teams owning its workloads.',
      ),
    ).toBeInTheDocument();
  });

  it('tells the user how to annotate when no workloads match', async () => {
    const api = mockApi();
    api.getEntityNetwork.mockResolvedValue({
      ...entityNetworkFixture,
      workloads: [],
    });
    await render(api, <EntityYtkNetworkContent />);
    expect(
      await screen.findByText('No workloads found for this entity'),
    ).toBeInTheDocument();
  });
});

describe('EntityYtkNetworkCard', () => {
  it('summarises peers, dropped flows and findings', async () => {
    const api = mockApi();
    await render(api, <EntityYtkNetworkCard />);
    const card = await screen.findByTestId('ytk-entity-card');
    expect(card).toHaveTextContent('1 inbound, 0 outbound peer(s)');
    expect(card).toHaveTextContent('1 dropped flow(s) allowed by policy');
    expect(card).toHaveTextContent('1 error(s), 0 warning(s)');
  });
});
