import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { ObservedFlow } from '@ytknetwork/common';
import type { HubbleTlsConfig } from '../config';
import { BoundedQueue } from './BoundedQueue';
import { FlowHealth } from './FlowHealth';
import { HubbleRelaySource } from './HubbleRelaySource';
import {
  flowsFromJsonpb,
  startHubbleTestServer,
  type HubbleTestServer,
} from './__testUtils__/hubbleTestServer';
import { waitFor } from './__testUtils__/waitFor';

const dir = path.join(__dirname, '__fixtures__', 'tls');
const pem = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
const FIXTURE = flowsFromJsonpb(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'east.jsonl'), 'utf8'),
);

describe('HubbleRelaySource over TLS', () => {
  let server: HubbleTestServer;
  const sources: HubbleRelaySource[] = [];
  beforeAll(async () => {
    // Relay with server TLS and required client certificates (hubble.relay.tls.server.mtls).
    server = await startHubbleTestServer({
      tls: {
        cert: pem('server.crt'),
        key: pem('server.key'),
        clientCa: pem('ca.crt'),
      },
    });
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map(s => s.stop()));
  });
  afterAll(() => server.stop());

  const start = (tls: HubbleTlsConfig) => {
    const queue = new BoundedQueue<ObservedFlow>(100);
    const health = new FlowHealth('connecting', 'relay');
    const s = new HubbleRelaySource({
      cluster: 'east',
      address: server.address,
      tls,
      queue,
      health,
      reconnect: { minMs: 20, maxMs: 100 },
      logger: mockServices.logger.mock(),
    });
    sources.push(s);
    s.start();
    return { queue, health };
  };

  it('connects with the CA, a client pair (inline PEM or files) and serverName', async () => {
    const inline = start({
      ca: pem('ca.crt'),
      cert: pem('client.crt'),
      key: pem('client.key'),
      serverName: 'relay.hubble.test',
    });
    const files = start({
      caFile: path.join(dir, 'ca.crt'),
      certFile: path.join(dir, 'client.crt'),
      keyFile: path.join(dir, 'client.key'),
      serverName: 'relay.hubble.test',
    });
    await waitFor(
      'two streams',
      () => server.streams(),
      n => n === 2,
    );
    server.push(FIXTURE);
    await waitFor(
      'flows on both',
      () => [inline.queue.length, files.queue.length],
      ([a, b]) => a === 6 && b === 6,
    );
    expect(inline.health.view().state).toBe('connected');
  });

  it('keeps reconnecting, with the error, when the relay refuses the client or its name does not match', async () => {
    const noClientCert = start({
      ca: pem('ca.crt'),
      serverName: 'relay.hubble.test',
    });
    const wrongName = start({
      ca: pem('ca.crt'),
      cert: pem('client.crt'),
      key: pem('client.key'),
    });
    for (const s of [noClientCert, wrongName]) {
      const h = await waitFor(
        'a failed attempt',
        () => s.health.view(),
        v => v.state === 'reconnecting' && v.attempts >= 1,
      );
      expect(h.lastError).toBeTruthy();
    }
  });
});
