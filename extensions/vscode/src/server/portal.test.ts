import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, REPO_ROOT, startBundledServer } from './testClient';

/*
 * The portal side is a small HTTP server answering `GET /api/ytk/workloads` in the shape the
 * backend's OpenAPI document gives (pinned against the real plugin in
 * plugins/ytk-backend/src/router/workloads.test.ts): running the whole portal here would test
 * the backend again, not the editor.
 */
const OVERLAY = path.join(REPO_ROOT, 'examples/overlay');
const FILE = path.join(OVERLAY, 'us-east/payments/cnp-fraud-scoring.yaml');
const URI = pathToFileURL(FILE).toString();
const TEXT = fs.readFileSync(FILE, 'utf8');
const TOKEN = 'editor-token';

describe('live portal context in hovers', () => {
  let portal: http.Server;
  let url: string;
  const seen: URLSearchParams[] = [];
  let failWith: number | undefined;
  let failed = 0;
  let client: LspTestClient;

  beforeAll(async () => {
    portal = http.createServer((req, res) => {
      const u = new URL(req.url!, 'http://portal');
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { message: 'no token' } }));
        return;
      }
      if (failWith) {
        failed++;
        res.statusCode = failWith;
        res.end(JSON.stringify({ error: { message: 'boom' } }));
        return;
      }
      seen.push(u.searchParams);
      res.end(
        JSON.stringify({
          overlayVersion: 3,
          selector: {},
          total: 2,
          workloads: [
            { ref: 'eu-west/payments/Deployment/checkout-api' },
            { ref: 'eu-west/payments/Deployment/checkout-api-canary' },
          ],
        }),
      );
    });
    await new Promise<void>(r => portal.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    client = startBundledServer();
    await client.initialize([OVERLAY], { portal: { url: `${url}/` } });
    await client.open(URI, TEXT);
  }, 60000);

  afterAll(async () => {
    await client?.stop();
    await new Promise(r => portal.close(r));
  });

  const lines = TEXT.split('\n');
  const peerLine = lines.findIndex(l => l.includes('name: checkout-api'));
  const hoverPeer = async () =>
    (
      (await client.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line: peerLine, character: 14 },
      })) as { contents: { value: string } } | null
    )?.contents.value ?? '';

  it('shows nothing live before sign-in', async () => {
    expect(await hoverPeer()).not.toContain('Live (portal)');
    expect(seen).toHaveLength(0);
  });

  it('after sign-in, asks the portal in the peer cluster and the policy namespace', async () => {
    await client.conn.sendNotification('ytk/portalToken', { token: TOKEN });
    const text = await hoverPeer();
    expect(text).toContain(
      'Live (portal): **2** workload(s) in eu-west/payments carry these labels: eu-west/payments/Deployment/checkout-api, eu-west/payments/Deployment/checkout-api-canary',
    );
    expect(seen).toHaveLength(1);
    // The cluster label became the cluster parameter, not a pod label to match.
    expect(Object.fromEntries(seen[0])).toEqual({
      selector: 'app.kubernetes.io/name=checkout-api',
      cluster: 'eu-west',
      namespace: 'payments',
      limit: '20',
    });
    // Cached: a second hover does not ask again.
    await hoverPeer();
    expect(seen).toHaveLength(1);
  });

  it('keeps the offline hover when the portal fails', async () => {
    failWith = 500;
    const subject = lines.findIndex(l =>
      l.includes('app.kubernetes.io/name: fraud-scoring'),
    );
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: subject, character: 10 },
    })) as { contents: { value: string } };
    expect(hover.contents.value).toMatch(/Selects \*\*1\*\* workload/);
    expect(hover.contents.value).not.toContain('Live (portal)');
    expect(failed).toBe(1);
    failWith = undefined;
  });
});
