import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { ytkApiRef, type YtkApi } from '../../api';
import { EntityRecentDrops } from './EntityRecentDrops';
import {
  entityDropsFixture,
  explainFlowFixture,
} from '../../testing/flowFixtures';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', namespace: 'default' },
};

// A fake of the YtkApi methods the section calls (a component test has no backend); the drops
// and the explanation are the real engine's over a small cluster (testing/flowFixtures.ts).
function fakeApi(): jest.Mocked<
  Pick<YtkApi, 'getEntityDrops' | 'explainFlow'>
> {
  return {
    getEntityDrops: jest.fn().mockResolvedValue(entityDropsFixture),
    explainFlow: jest.fn(async q => explainFlowFixture(q)),
  };
}

const render = (api: ReturnType<typeof fakeApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityRecentDrops basePath="/ytk" />
      </EntityProvider>
    </TestApiProvider>,
  );

describe('EntityRecentDrops', () => {
  it('lists the entity’s drops newest first with their reason, and explains one on a click', async () => {
    const api = fakeApi();
    await render(api);
    const list = await screen.findByTestId('ytk-entity-drops-list');
    expect(api.getEntityDrops).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'web' },
      { window: '24h' },
    );
    expect(screen.getByText('Recent drops (2)')).toBeInTheDocument();
    const rows = within(list).getAllByTestId('ytk-flow-row');
    // Newest first: the 10:20 drop to api (unexpected), then the 09:45 one to db.
    expect(rows.map(r => r.getAttribute('data-classification'))).toEqual([
      'unexpected-dropped',
      'dropped-as-expected',
    ]);
    expect(rows[0]).toHaveTextContent('POLICY_DENIED');
    expect(rows[0]).toHaveTextContent('shop/web → shop/api');
    expect(within(rows[0]).getByTestId('ytk-flow-causes')).toHaveTextContent(
      'The overlay is older than the flow',
    );

    fireEvent.click(rows[1]);
    const selection = await screen.findByTestId('ytk-entity-drops-selection');
    await waitFor(() =>
      expect(api.explainFlow).toHaveBeenCalledWith({
        from: 'east/shop/Deployment/web',
        to: 'east/shop/Deployment/db',
        port: '5432/TCP',
      }),
    );
    const explanation = await within(selection).findByTestId('ytk-explanation');
    expect(explanation).toHaveTextContent(/^Dropped/);
    expect(
      within(explanation).getByTestId('ytk-explanation-rule-line'),
    ).toHaveTextContent(/^east\/shop\.yaml:\d+$/);
  });

  it('asks for the chosen window, and says when nothing was dropped', async () => {
    const api = fakeApi();
    api.getEntityDrops.mockResolvedValue({ ...entityDropsFixture, drops: [] });
    await render(api);
    await screen.findByTestId('ytk-entity-drops-list-empty');
    fireEvent.mouseDown(
      within(screen.getByTestId('ytk-entity-drops')).getByRole('button'),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'last 7d' }));
    await waitFor(() =>
      expect(api.getEntityDrops).toHaveBeenLastCalledWith(
        { kind: 'component', namespace: 'default', name: 'web' },
        { window: '7d' },
      ),
    );
    expect(
      await screen.findByText(
        "No dropped flow to or from this entity's workloads in the last 7d.",
      ),
    ).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const api = fakeApi();
    api.getEntityDrops.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'No entity component:default/web',
            },
          }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        ) as any,
      ),
    );
    await render(api);
    expect(
      (await screen.findAllByText(/No entity component:default\/web/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('ytk-entity-drops-list')).toBeNull();
  });
});
