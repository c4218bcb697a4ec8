import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { guestSignIn, Portal, repoRoot, startPortal } from './portal';

const artifacts = join(repoRoot, 'artifacts/e2e');
const STEP = 60_000;

// Workload refs of examples/overlay (see its README): the guest is a member of storefront.
const W = {
  webFrontend: 'eu-west/storefront/Deployment/web-frontend',
  catalogEu: 'eu-west/storefront/Deployment/catalog-api',
  cart: 'eu-west/storefront/Deployment/cart-service',
  sessionCache: 'eu-west/storefront/StatefulSet/session-cache',
  catalogUs: 'us-east/storefront/Deployment/catalog-api',
  recommendations: 'us-east/storefront/Deployment/recommendations',
  checkout: 'eu-west/payments/Deployment/checkout-api',
  fraudScoring: 'us-east/payments/Deployment/fraud-scoring',
};

describe('ytk portal in headless Chromium', () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;
  let token = '';

  const api = async (path: string) => {
    const res = await fetch(`${portal.backendUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  const openEntityNetworkTab = async (component: string) => {
    await page.goto(`${portal.appUrl}/catalog/default/component/${component}`);
    await page.getByRole('tab', { name: 'Network' }).click({ timeout: STEP });
    await page.getByTestId('ytk-entity-network').waitFor({ timeout: STEP });
  };
  const askReach = async (from: string, port: string) => {
    await page.getByTestId('ytk-reach-from').fill(from);
    await page.getByTestId('ytk-reach-port').fill(port);
    await page
      .getByTestId('ytk-reach-form')
      .getByRole('button', { name: 'Explain' })
      .click();
    const explanation = page
      .getByTestId('ytk-reach-form')
      .getByTestId('ytk-explanation');
    await explanation.waitFor({ timeout: STEP });
    return explanation;
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // Includes building the frontend bundle (about a minute on two cores).
    portal = await startPortal(240_000);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The dev app's guest sign-in asks confirm() before using a legacy guest token.
    page.on('dialog', dialog => dialog.accept());
  }, 270_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    // Kept for diagnosis: plugin errors show up here.
    if (portal) writeFileSync(join(artifacts, 'portal.log'), portal.output());
  }, 30_000);

  it(
    'serves the catalog API to a guest',
    async () => {
      // Sign in again until the catalog has filled (see guestSignIn).
      const signIn = async () => {
        token = await guestSignIn(portal, 'user:default/guest');
      };
      await signIn();

      // The catalog fills asynchronously after start-up; poll until components appear.
      let kinds: string[] = [];
      for (let i = 0; i < 60 && !kinds.includes('Component'); i++) {
        kinds = (await api('/api/catalog/entities')).map(
          (e: { kind: string }) => e.kind,
        );
        if (!kinds.includes('Component')) await page.waitForTimeout(1000);
      }
      expect(kinds).toEqual(
        expect.arrayContaining(['Component', 'Group', 'User']),
      );
      // The guest's team comes from the catalog, so wait until it resolves too.
      let teams: Array<{ ref: string }> = [];
      for (let i = 0; i < 30 && teams.length === 0; i++) {
        await signIn();
        teams = await api('/api/ytk/teams');
        if (teams.length === 0) await page.waitForTimeout(1000);
      }
      expect(teams.map(t => t.ref)).toEqual(['group:default/storefront']);
    },
    STEP * 2,
  );

  it(
    'signs in as guest and lists components in the catalog',
    async () => {
      await page.goto(portal.appUrl, { timeout: STEP });
      await page
        .getByRole('button', { name: 'Enter' })
        .click({ timeout: STEP });
      await page.waitForURL(/\/catalog/, { timeout: STEP });
      // Rows with an entity link: the table renders an empty row while loading.
      const links = page.locator('table tbody tr a');
      await links.first().waitFor({ timeout: STEP });
      expect(await links.count()).toBeGreaterThan(0);
      await expect(page.getByText('Network').first().isVisible()).resolves.toBe(
        true,
      );
      await page.screenshot({
        path: join(artifacts, 'catalog.png'),
        fullPage: true,
      });
    },
    STEP * 2,
  );

  it(
    'shows both clusters with health and the storefront graph with a cross-cluster edge',
    async () => {
      await page.goto(`${portal.appUrl}/ytk`, { timeout: STEP });
      for (const name of ['eu-west', 'us-east']) {
        const card = page.getByTestId(`ytk-cluster-${name}`);
        await card.waitFor({ timeout: STEP });
        await expect(card.textContent()).resolves.toContain('connected');
      }
      await expect(
        page.getByTestId('ytk-cluster-eu-west').textContent(),
      ).resolves.toContain('Cilium 1.19.2');
      await expect(
        page.getByTestId('ytk-cluster-us-east').textContent(),
      ).resolves.toContain('Cilium 1.18.4');

      const graph = page.getByTestId('ytk-graph');
      await graph.waitFor({ timeout: STEP });
      for (const ref of [
        W.webFrontend,
        W.catalogEu,
        W.cart,
        W.sessionCache,
        W.catalogUs,
        W.recommendations,
      ]) {
        await graph.getByTestId(`ytk-node-${ref}`).waitFor({ timeout: STEP });
      }
      // Another team's workloads are not in the guest's scope.
      await expect(
        graph.getByTestId(`ytk-node-${W.fraudScoring}`).count(),
      ).resolves.toBe(0);

      const cross = graph.getByTestId(
        `ytk-edge-${W.webFrontend}-${W.catalogUs}`,
      );
      await expect(cross.getAttribute('data-edge-style')).resolves.toBe(
        'cross-cluster',
      );
      await expect(
        graph
          .getByTestId(`ytk-edge-${W.webFrontend}-${W.catalogEu}`)
          .getAttribute('data-edge-style'),
      ).resolves.toBe('local');
      await page.screenshot({
        path: join(artifacts, 'network.png'),
        fullPage: true,
      });

      // Edge labels can sit under other labels: dispatch the click to this one.
      await cross.dispatchEvent('click');
      const explanation = page.getByTestId('ytk-explanation');
      await explanation.waitFor({ timeout: STEP });
      await expect(explanation.textContent()).resolves.toMatch(
        /^Allowed \(cross-cluster\)/,
      );
      const egress = await explanation
        .getByTestId('ytk-explanation-egress')
        .textContent();
      expect(egress).toContain('in eu-west');
      expect(egress).toContain('allowed');
      expect(egress).toContain(
        'CiliumNetworkPolicy eu-west/storefront/web-frontend',
      );
      const ingress = await explanation
        .getByTestId('ytk-explanation-ingress')
        .textContent();
      expect(ingress).toContain('in us-east');
      expect(ingress).toContain('allowed');
      expect(ingress).toContain(
        'CiliumNetworkPolicy us-east/storefront/catalog-api',
      );
      await page.screenshot({
        path: join(artifacts, 'network-explanation.png'),
        fullPage: true,
      });
    },
    STEP * 3,
  );

  it(
    'opens a policy from the page and shows the deliberate mistake on its line',
    async () => {
      // The storefront's deliberate mistake: a peer selector on pod-template-hash (K10).
      await page
        .getByTestId('ytk-policies')
        .getByRole('link', { name: 'session-cache', exact: true })
        .click({ timeout: STEP });
      await page.waitForURL(
        /\/ytk\/policies\/eu-west\/storefront\/NetworkPolicy\/session-cache$/,
        { timeout: STEP },
      );
      await page.getByTestId('ytk-yaml').waitFor({ timeout: STEP });
      const flagged = page.locator(
        '[data-testid^="ytk-yaml-line-"][data-finding]',
      );
      const texts = await flagged.allTextContents();
      const hashLine = texts.find(t => t.includes('pod-template-hash: '));
      expect(hashLine).toBeDefined();
      expect(hashLine).toContain('selector-on-filtered-label');
      // File line numbers: the same line a linter or the editor points at.
      await expect(
        page.getByTestId('ytk-yaml-line-20').textContent(),
      ).resolves.toContain('pod-template-hash: 5f7c9d8b4');
      await page.screenshot({
        path: join(artifacts, 'policy.png'),
        fullPage: true,
      });
    },
    STEP * 2,
  );

  it(
    "shows the storefront's Posture page: every residual-risk row with its evidence, policies linked",
    async () => {
      const report = await api('/api/ytk/teams/storefront/posture');
      const open = report.results.filter(
        (r: { status: string }) => r.status !== 'met',
      );
      await page.goto(`${portal.appUrl}/ytk/posture`, { timeout: STEP });
      const table = page.getByTestId('ytk-posture-risks');
      await table.waitFor({ timeout: STEP });
      const rows = table.getByTestId('ytk-posture-risk-row');
      await expect(rows.count()).resolves.toBe(open.length);
      expect(open.length).toBeGreaterThan(0);
      // Every line points to its evidence; policies and findings in policies are links.
      const unlinked: string[] = [];
      for (const row of await rows.all()) {
        const kinds = await row
          .locator('li[data-evidence-kind]')
          .evaluateAll(els =>
            els.map(e => e.getAttribute('data-evidence-kind')),
          );
        const links = await row
          .getByTestId('ytk-posture-evidence-link')
          .count();
        if (
          kinds.length === 0 ||
          (kinds.some(k => k === 'policy' || k === 'finding') && links === 0)
        )
          unlinked.push((await row.textContent()) ?? '');
      }
      expect(unlinked).toEqual([]);
      await page.screenshot({
        path: join(artifacts, 'posture.png'),
        fullPage: true,
      });
      // A policy evidence link opens the policy's view.
      const policyLink = table
        .locator('li[data-evidence-kind="policy"]')
        .getByTestId('ytk-posture-evidence-link')
        .first();
      await policyLink.click({ timeout: STEP });
      await page.waitForURL(/\/ytk\/policies\/[^/]+\/storefront\//, {
        timeout: STEP,
      });
      await page.getByTestId('ytk-yaml').waitFor({ timeout: STEP });
    },
    STEP * 2,
  );

  it(
    "shows the storefront's observed flows of the recording: an observed edge, an unused allow, a drop; a click explains an edge",
    async () => {
      // The recordings are replayed into the database at start-up and flushed in the background,
      // each cluster on its own: wait until the edges this step reads are all there.
      const ready = (b: any) =>
        b.unused.length > 0 &&
        b.observed.some(
          (e: any) =>
            e.source === W.webFrontend && e.destination === W.catalogEu,
        ) &&
        b.dropped.some(
          (e: any) =>
            e.source === W.webFrontend &&
            e.destination.endsWith('/payments-db'),
        );
      const seen = (b: any) =>
        `${b.observed.length} observed, ${b.unused.length} unused, ${b.dropped.length} dropped`;
      let flows = await api('/api/ytk/teams/storefront/flows?window=7d');
      for (let i = 0; i < 120 && !ready(flows); i++) {
        await page.waitForTimeout(500);
        flows = await api('/api/ytk/teams/storefront/flows?window=7d');
      }
      expect({ ready: ready(flows), seen: seen(flows) }).toEqual({
        ready: true,
        seen: seen(flows),
      });

      await page.goto(`${portal.appUrl}/ytk`, { timeout: STEP });
      const source = page.getByTestId('ytk-cluster-flows-eu-west');
      await source.waitFor({ timeout: STEP });
      await expect(source.getAttribute('data-state')).resolves.toBe('recorded');
      await page.getByTestId('ytk-flows-link').click({ timeout: STEP });
      await page.getByTestId('ytk-flows-window-7d').click({ timeout: STEP });
      await page.waitForURL(/\/ytk\/flows\?window=7d$/, { timeout: STEP });
      const observed = page
        .getByTestId('ytk-flows-observed')
        .getByTestId('ytk-flow-row');
      await observed.first().waitFor({ timeout: STEP });
      const unused = page
        .getByTestId('ytk-flows-unused')
        .getByTestId('ytk-unused-row');
      const dropped = page
        .getByTestId('ytk-flows-dropped')
        .getByTestId('ytk-flow-row');
      await expect(unused.count()).resolves.toBeGreaterThan(0);
      await expect(dropped.count()).resolves.toBeGreaterThan(0);
      await expect(
        page
          .getByTestId('ytk-flows-dropped')
          .locator(
            `[data-source="${W.webFrontend}"][data-destination$="/payments-db"]`,
          )
          .first()
          .textContent(),
      ).resolves.toContain('POLICY_DENIED');

      // README of examples/flows: web-frontend → catalog-api on 8080, allowed as expected.
      const edge = page
        .getByTestId('ytk-flows-observed')
        .locator(
          `[data-source="${W.webFrontend}"][data-destination="${W.catalogEu}"]`,
        )
        .first();
      await expect(edge.getAttribute('data-classification')).resolves.toBe(
        'allowed-as-expected',
      );
      await edge.click({ timeout: STEP });
      const explanation = page
        .getByTestId('ytk-flows-selection')
        .getByTestId('ytk-explanation');
      await explanation.waitFor({ timeout: STEP });
      await expect(explanation.textContent()).resolves.toMatch(/^Allowed/);
      const ingress = explanation.getByTestId('ytk-explanation-ingress');
      await expect(ingress.textContent()).resolves.toContain(
        'CiliumNetworkPolicy eu-west/storefront/catalog-api',
      );
      // The deciding policy line: file and line of the rule.
      await expect(
        ingress.getByTestId('ytk-explanation-rule-line').first().textContent(),
      ).resolves.toMatch(/catalog-api[^:]*\.yaml:\d+$/);
      await page.screenshot({
        path: join(artifacts, 'observed-flows.png'),
        fullPage: true,
      });
    },
    STEP * 2,
  );

  it(
    'answers "can X reach this?" on a component\'s Network tab',
    async () => {
      await openEntityNetworkTab('catalog-api');
      const outbound = await page
        .getByTestId('ytk-entity-inbound')
        .textContent();
      expect(outbound).toContain('storefront/web-frontend');
      const explanation = await askReach('web-frontend', '8080/TCP');
      await expect(explanation.textContent()).resolves.toMatch(/^Allowed/);
      await expect(
        explanation.getByTestId('ytk-explanation-ingress').textContent(),
      ).resolves.toContain('/storefront/catalog-api');
      await page.screenshot({
        path: join(artifacts, 'entity-network.png'),
        fullPage: true,
      });
    },
    STEP * 2,
  );

  it(
    'shows the mutual-auth flow across ClusterMesh as dropped, never with a padlock',
    async () => {
      // The guest (storefront) does not see payments' graph; the API answers for that team.
      const graph = await api(
        `/api/ytk/connectivity?team=${encodeURIComponent('group:default/payments')}`,
      );
      const flow = graph.connections.find(
        (c: { from: { workload?: string }; to: { workload?: string } }) =>
          c.from.workload === W.checkout && c.to.workload === W.fraudScoring,
      );
      expect(flow).toMatchObject({
        crossCluster: true,
        authRequired: true,
        effective: false,
        droppedPorts: [{ protocol: 'TCP', port: 50051 }],
      });

      // The demo lets anyone read any component's Network tab.
      await openEntityNetworkTab('fraud-scoring');
      const inbound = page.getByTestId('ytk-entity-inbound');
      const row = inbound.locator('tr', { hasText: 'payments/checkout-api' });
      await row.waitFor({ timeout: STEP });
      const status = await row.textContent();
      expect(status).toContain('dropped');
      expect(status).not.toContain('🔒');

      const explanation = await askReach(W.checkout, '50051/TCP');
      const heading = await explanation.locator('h6').first().textContent();
      expect(heading).toBe('Dropped (cross-cluster)');
      expect(await explanation.textContent()).not.toContain('🔒');
    },
    STEP * 2,
  );
});
