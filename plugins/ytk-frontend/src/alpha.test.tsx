import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import ytkAlphaPlugin, { ytkApi, ytkPage } from './alpha';
import { ytkApiRef, type YtkApi } from './api';
import { clustersFixture, connectivityFixture } from './testing/fixtures';

jest.setTimeout(30_000);

// The API is mocked: a component test has no backend.
const api: Partial<YtkApi> = {
  getClusters: jest.fn().mockResolvedValue(clustersFixture),
  getTeams: jest.fn().mockResolvedValue([]),
  getConnectivity: jest.fn().mockResolvedValue(connectivityFixture),
  getPolicies: jest.fn().mockResolvedValue({ policies: [] }),
};

describe('ytk /alpha plugin', () => {
  it('declares the page, API, entity tab and card extensions', () => {
    expect(ytkAlphaPlugin.id).toBe('ytk');
    for (const id of [
      'page:ytk',
      'api:ytk',
      'entity-content:ytk',
      'entity-card:ytk',
    ] as const) {
      expect(ytkAlphaPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('provides the YtkClient factory for ytkApiRef', () => {
    const tester = createExtensionTester(ytkApi);
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe(ytkApiRef.id);
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('renders the network page extension', async () => {
    await renderInTestApp(createExtensionTester(ytkPage).reactElement(), {
      apis: [[ytkApiRef, api]],
    });
    expect(
      await screen.findByTestId('ytk-clusters', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('ytk-graph', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
  });
});
