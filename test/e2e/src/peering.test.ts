/*
 * Self-service peering in the real portal, in headless Chromium: the storefront's guest asks for
 * cart-service (eu-west) → payment-gateway (us-east) 8443, a payments engineer approves and
 * applies it to two test/kube-api clusters, and the graph, the entity page and the audit trail
 * show the result.
 *
 * Two identities: the demo signs in with the guest provider, whose user is one config value
 * (auth.providers.guest.userEntityRef). The portal runs twice on one set of SQLite files
 * (PortalOptions.sqliteDirectory): first as user:default/guest (storefront), then as
 * user:default/pavel.payments. The clusters are kube-api test servers loaded with
 * examples/overlay, watched by the backend like real clusters (ytk.peering.mode: apply).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startKubeApiServer,
  type KubeApiServer,
} from '@ytknetwork/kube-api-test-server';
import { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { guestAndClustersConfig } from './kubeClusters';
import { guestSignIn, Portal, repoRoot, startPortal } from './portal';

const artifacts = join(repoRoot, 'artifacts/e2e');
const STEP = 60_000;
const START = 300_000;

const FROM = 'eu-west/storefront/Deployment/cart-service';
const SERVICE = 'us-east/payments/payment-gateway';
const TARGET = 'us-east/payments/Deployment/payment-gateway';

describe('peering in the portal: request → approve → apply → the new flow', () => {
  const clusters: Record<string, KubeApiServer> = {};
  let dbDir: string;
  let portal: Portal | undefined;
  let browser: Browser;
  let page: Page;
  let requestId = '';
  const logs: string[] = [];

  /** The portal signed in (guest provider) as `user`, on the shared SQLite files. */
  const startAs = async (user: string) => {
    portal = await startPortal(START, {
      sqliteDirectory: dbDir,
      extraConfig: guestAndClustersConfig(user, clusters).join('\n'),
    });
    // The catalog fills asynchronously, slower on a loaded CI machine: sign in again until the
    // team shows (see guestSignIn).
    let token = '';
    const api = async (path: string) => {
      const res = await fetch(`${portal!.backendUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.json();
    };
    let teams: Array<{ ref: string }> = [];
    for (let i = 0; i < 120 && teams.length === 0; i++) {
      token = await guestSignIn(portal!, user);
      teams = await api('/api/ytk/teams');
      if (teams.length === 0) await new Promise(r => setTimeout(r, 1000));
    }
    if (teams.length === 0) {
      // Say why: the claims the auth backend holds for the user, and what the portal printed.
      const info = await api('/api/auth/v1/userinfo');
      throw new Error(
        `no team for ${user}; userinfo ${JSON.stringify(info)}\n` +
          `--- portal output (end) ---\n${portal.output().slice(-4000)}`,
      );
    }

    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('dialog', dialog => dialog.accept());
    await page.goto(portal.appUrl, { timeout: STEP });
    await page.getByRole('button', { name: 'Enter' }).click({ timeout: STEP });
    await page.waitForURL(/\/catalog/, { timeout: STEP });
    return { api, teams: teams.map(t => t.ref) };
  };

  /**
   * Asks `probe` once a second, up to 120 times, until `done`; then fails with `failure` of the
   * last answer (what was seen).
   */
  const everySecond = async <T>(
    probe: () => Promise<T>,
    done: (seen: T) => boolean,
    failure: (seen: T) => string,
  ) => {
    let seen = await probe();
    for (let i = 1; i < 120 && !done(seen); i++) {
      await new Promise(r => setTimeout(r, 1000));
      seen = await probe();
    }
    if (!done(seen)) throw new Error(failure(seen));
  };

  /** Polls the catalog until `group` (default namespace) has `user` as a member. */
  const waitForMember = (
    api: (path: string) => Promise<any>,
    group: string,
    user: string,
  ) =>
    everySecond(
      async (): Promise<string[]> => {
        const { items } = await api(
          `/api/catalog/entities/by-query?filter=kind=group,metadata.name=${group}&fields=relations`,
        );
        return (items[0]?.relations ?? [])
          .filter((r: any) => r.type === 'hasMember')
          .map((r: any) => r.targetRef);
      },
      members => members.includes(user),
      members =>
        `group ${group} has no member ${user} after 120 s: ${JSON.stringify(members)}`,
    );

  /**
   * Polls the workloads the caller sees (their own and, as peers, everyone else's with the
   * owning team) until each of `owners` (workload ref → team) holds: the clusters' first lists
   * and the catalog's components both arrive after start-up, in either order.
   */
  const waitForOwners = (
    api: (path: string) => Promise<any>,
    owners: Record<string, string>,
  ) =>
    everySecond(
      () => api('/api/ytk/workloads?limit=1000'),
      seen =>
        Object.entries(owners).every(([ref, team]) =>
          seen.workloads.some((w: any) => w.ref === ref && w.team === team),
        ),
      seen =>
        `owners ${JSON.stringify(owners)} not seen after 120 s; overlay version ${seen.overlayVersion}, ` +
        `workloads ${JSON.stringify(seen.workloads?.map((w: any) => [w.ref, w.team]))}\n` +
        `--- portal output (end) ---\n${portal?.output().slice(-4000)}`,
    );

  const stopPortal = async (name: string) => {
    await page?.close();
    if (portal) {
      logs.push(`--- ${name} ---\n${portal.output()}`);
      await portal.stop();
      portal = undefined;
    }
  };

  const shot = (name: string) =>
    page.screenshot({ path: join(artifacts, name), fullPage: true });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dbDir = mkdtempSync(join(tmpdir(), 'ytk-e2e-db-'));
    for (const name of ['eu-west', 'us-east'])
      clusters[name] = await startKubeApiServer({
        clusterName: name,
        fixtures: join(repoRoot, 'examples/overlay', name),
      });
    browser = await launchBrowser();
  }, STEP);

  afterAll(async () => {
    await stopPortal('last');
    await browser?.close();
    await Promise.all(Object.values(clusters).map(c => c.stop()));
    writeFileSync(join(artifacts, 'peering-portal.log'), logs.join('\n'));
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  }, 30_000);

  it(
    'lets the storefront request access, previewing the policies first',
    async () => {
      const { api, teams } = await startAs('user:default/guest');
      expect(teams).toEqual(['group:default/storefront']);
      // The notifications backend resolves the target team to its members when the request is
      // sent, from the catalog as it is then. On a loaded machine the catalog may not have
      // stitched payments' members yet: wait for them, or the notification reaches nobody.
      await waitForMember(api, 'payments', 'user:default/pavel.payments');
      // The form lists the team's workloads as they are when it opens (and asks again while there
      // are none), and a request stores the target's owning team as it is when it is created:
      // open the form once cart-service is the storefront's and payment-gateway the payments'.
      await waitForOwners(api, {
        [FROM]: 'group:default/storefront',
        [TARGET]: 'group:default/payments',
      });

      await page.goto(`${portal!.appUrl}/ytk/peering/new`, { timeout: STEP });
      const form = page.getByTestId('ytk-peering-form');
      await form.waitFor({ timeout: STEP });
      const field = (name: string) =>
        page.getByTestId(`ytk-peering-field-${name}`);
      await field('from').selectOption(FROM, { timeout: STEP });
      await field('targetKind').selectOption('service');
      await field('target').fill(SERVICE);
      await field('ports').fill('8443');
      await field('reason').fill('cart-service authorises card payments');
      await expect(
        page.getByTestId('ytk-peering-submit').isDisabled(),
      ).resolves.toBe(true);

      await page.getByTestId('ytk-peering-preview-button').click();
      const preview = page.getByTestId('ytk-peering-preview');
      await preview.waitFor({ timeout: STEP });
      // Cross-cluster: a CNP on each side, the peer pinned to its cluster. The code block
      // renders lazily (its highlighter loads on demand): wait for the text, then read it.
      const yamlBlock = preview.getByTestId('ytk-peering-preview-yaml');
      await yamlBlock
        .filter({ hasText: 'kind: CiliumNetworkPolicy' })
        .waitFor({ timeout: STEP });
      const yaml = await yamlBlock.textContent();
      expect(yaml).toContain('kind: CiliumNetworkPolicy');
      expect(yaml).toContain('io.cilium.k8s.policy.cluster');
      await expect(
        preview.getByTestId('ytk-peering-diff').textContent(),
      ).resolves.toContain(`${FROM} → ${TARGET}`);
      // The target's team is known, so the request will reach its reviewers.
      await expect(preview.textContent()).resolves.toContain(
        'group:default/payments will review it',
      );
      await shot('peering-preview.png');

      await page.getByTestId('ytk-peering-submit').click();
      await page.waitForURL(/\/ytk\/peering\/[0-9a-f-]{36}$/, {
        timeout: STEP,
      });
      requestId = page.url().split('/').pop()!;
      await expect(
        page.getByTestId('ytk-peering-state').textContent({ timeout: STEP }),
      ).resolves.toBe('requested');
      // The requester may cancel, not approve.
      await page.getByTestId('ytk-peering-cancel').waitFor({ timeout: STEP });
      expect(await page.getByTestId('ytk-peering-approve').count()).toBe(0);
      await shot('peering-requested.png');
      await stopPortal('as guest (storefront)');
    },
    START + STEP * 3,
  );

  it(
    'lets the target team approve and apply it, and shows the new flow and the story',
    async () => {
      expect(requestId).not.toBe('');
      const { api, teams } = await startAs('user:default/pavel.payments');
      expect(teams).toEqual(['group:default/payments']);

      // The notifications backend told the payments team about the request.
      const { notifications } = await api('/api/notifications');
      expect(
        notifications.map((n: any) => [n.payload.title, n.payload.link]),
      ).toContainEqual([
        `Peering request for ${TARGET}`,
        `/ytk/peering/${requestId}`,
      ]);

      await page.goto(`${portal!.appUrl}/ytk/peering`, { timeout: STEP });
      const inbox = page.getByTestId('ytk-peering-inbox');
      await inbox.getByText(FROM).first().waitFor({ timeout: STEP });
      await shot('peering-inbox.png');

      await page.goto(`${portal!.appUrl}/ytk/peering/${requestId}`);
      await page
        .getByTestId('ytk-peering-comment')
        .fill('ok: 8443 only', { timeout: STEP });
      await page.getByTestId('ytk-peering-approve').click();
      const state = page.getByTestId('ytk-peering-state');
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="ytk-peering-state"]')
            ?.textContent === 'approved',
        undefined,
        { timeout: STEP },
      );
      await page.getByTestId('ytk-peering-apply').click({ timeout: STEP });
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="ytk-peering-state"]')
            ?.textContent === 'applied',
        undefined,
        { timeout: STEP },
      );
      await expect(state.textContent()).resolves.toBe('applied');

      // Server-side applied to both clusters with field manager ytk.
      const applied = (c: KubeApiServer) =>
        c.store.keys().filter(k => k.includes(`ytk-peering-${requestId}`));
      expect(applied(clusters['eu-west'])).toHaveLength(1);
      expect(applied(clusters['us-east'])).toHaveLength(1);

      // The audit trail tells the story.
      const audit = await page.getByTestId('ytk-peering-audit').textContent();
      for (const part of [
        'create',
        'user:default/guest',
        'approve',
        'user:default/pavel.payments',
        'ok: 8443 only',
        'apply',
      ])
        expect(audit).toContain(part);
      await shot('peering-applied.png');
      const detail = await api(`/api/ytk/peering/${requestId}`);
      expect(
        detail.audit.map((a: any) => [a.action, a.actor, a.afterState]),
      ).toEqual([
        ['create', 'user:default/guest', 'requested'],
        ['approve', 'user:default/pavel.payments', 'approved'],
        ['apply', 'user:default/pavel.payments', 'applied'],
      ]);

      // The watch brings the policies into the live overlay: the flow is now allowed.
      let flow: any;
      for (let i = 0; i < 60 && !flow?.effective; i++) {
        const graph = await api(
          `/api/ytk/connectivity?team=${encodeURIComponent('group:default/payments')}`,
        );
        flow = graph.connections.find(
          (c: any) => c.from.workload === FROM && c.to.workload === TARGET,
        );
        if (!flow?.effective) await page.waitForTimeout(1000);
      }
      expect(flow).toMatchObject({ crossCluster: true, effective: true });

      // …and on payment-gateway's Network tab.
      await page.goto(
        `${portal!.appUrl}/catalog/default/component/payment-gateway`,
      );
      await page.getByRole('tab', { name: 'Network' }).click({ timeout: STEP });
      const inbound = page.getByTestId('ytk-entity-inbound');
      await inbound
        .locator('tr', { hasText: 'storefront/cart-service' })
        .waitFor({ timeout: STEP });
      await shot('peering-entity-network.png');
    },
    START + STEP * 4,
  );
});
