import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { ObservedFlow } from '@ytknetwork/common';
import { BoundedQueue } from './BoundedQueue';
import { FlowHealth } from './FlowHealth';
import { backoffDelay, HubbleRelaySource } from './HubbleRelaySource';
import {
  flowsFromJsonpb,
  startHubbleTestServer,
  type HubbleTestServer,
} from './__testUtils__/hubbleTestServer';
import { waitFor } from './__testUtils__/waitFor';

const FIXTURE = flowsFromJsonpb(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'east.jsonl'), 'utf8'),
);
const logger = mockServices.logger.mock();

/** The fixture's flows shifted by `n` seconds, with fresh uuids. */
function batch(n: number, tag: string): ObservedFlow[] {
  return FIXTURE.map((f, i) => ({
    ...f,
    uuid: `${tag}-${i}`,
    time: new Date(Date.parse(f.time!) + n * 1000).toISOString(),
  }));
}

function source(address: string, queueSize = 1000) {
  const queue = new BoundedQueue<ObservedFlow>(queueSize);
  const health = new FlowHealth('connecting', 'relay');
  const s = new HubbleRelaySource({
    cluster: 'east',
    address,
    queue,
    health,
    reconnect: { minMs: 20, maxMs: 200 },
    logger,
  });
  return { s, queue, health };
}

describe('HubbleRelaySource', () => {
  const servers: HubbleTestServer[] = [];
  const sources: HubbleRelaySource[] = [];
  afterEach(async () => {
    await Promise.all(sources.splice(0).map(s => s.stop()));
    await Promise.all(servers.splice(0).map(s => s.stop()));
  });

  it('streams flows (ServerStatus, then GetFlows follow) into the queue, in Hubble JSON form', async () => {
    const server = await startHubbleTestServer({ version: 'v1.17.2' });
    servers.push(server);
    const { s, queue, health } = source(server.address);
    sources.push(s);
    s.start();
    await waitFor(
      'a stream',
      () => server.streams(),
      n => n === 1,
    );
    expect(health.view()).toMatchObject({
      state: 'connected',
      hubbleVersion: 'v1.17.2',
    });
    expect(server.requests).toEqual([{ follow: true }]);
    server.push(FIXTURE);
    await waitFor(
      'six flows',
      () => queue.length,
      n => n === 6,
    );
    const got = queue.take();
    expect(got[0]).toMatchObject({
      verdict: 'FORWARDED',
      time: '2026-12-07T01:00:00.000000000Z',
      uuid: 'fwd-0',
      isReply: false,
      source: { namespace: 'shop', podName: 'pay-5c4b-y2' },
      l4: { TCP: { destinationPort: 8080 } },
    });
    expect(got[2]).toMatchObject({
      verdict: 'DROPPED',
      dropReasonDesc: 'POLICY_DENIED',
    });
    expect(health.view()).toMatchObject({
      flowsSeen: 6,
      droppedForBackpressure: 0,
      lastFlowTime: '2026-12-07T01:00:05.000000005Z',
    });
  });

  it('keeps retrying a relay that is down at start, says so, and connects when it is up', async () => {
    // A port nothing listens on: take one, then free it.
    const probe = await startHubbleTestServer();
    const port = probe.port;
    await probe.stop();
    const { s, queue, health } = source(`127.0.0.1:${port}`);
    sources.push(s);
    s.start();
    const down = await waitFor(
      'two failed attempts',
      () => health.view(),
      h => h.state === 'reconnecting' && h.attempts >= 2,
    );
    expect(down.lastError).toMatch(/UNAVAILABLE|connect|No connection/i);
    expect(down.nextRetryAt).toBeDefined();
    const server = await startHubbleTestServer({ port });
    servers.push(server);
    await waitFor(
      'connected',
      () => health.view(),
      h => h.state === 'connected',
    );
    expect(health.view().attempts).toBe(0);
    await waitFor(
      'a stream',
      () => server.streams(),
      n => n === 1,
    );
    server.push(FIXTURE);
    await waitFor(
      'six flows',
      () => queue.length,
      n => n === 6,
    );
  });

  it('resumes after a stream reset from the last flow, without counting a flow twice', async () => {
    const server = await startHubbleTestServer();
    servers.push(server);
    const { s, queue, health } = source(server.address);
    sources.push(s);
    s.start();
    await waitFor(
      'a stream',
      () => server.streams(),
      n => n === 1,
    );
    const first = batch(0, 'a');
    server.push(first);
    await waitFor(
      'first batch',
      () => queue.length,
      n => n === 6,
    );
    server.resetStreams();
    await waitFor(
      'the reconnect',
      () => ({ requests: server.requests, streams: server.streams() }),
      v => v.requests.length === 2 && v.streams === 1,
    );
    // The client asked for the flows since the last one it had; the server sent that one again.
    expect(server.requests[1]).toEqual({
      follow: true,
      since: '2026-12-07T01:00:05.000Z',
    });
    const second = batch(60, 'b');
    server.push(second);
    await waitFor(
      'second batch',
      () => queue.length,
      n => n === 12,
    );
    const got = queue.take().map(f => f.uuid);
    expect(got).toEqual([...first, ...second].map(f => f.uuid));
    expect(health.view()).toMatchObject({
      state: 'connected',
      flowsSeen: 12,
      lastError: 'GetFlows: relay restarting',
    });
  });

  it('drops and counts the flows a slow consumer has no room for; memory stays at the queue size', async () => {
    const server = await startHubbleTestServer();
    servers.push(server);
    const { s, queue, health } = source(server.address, 5);
    sources.push(s);
    s.start();
    await waitFor(
      'a stream',
      () => server.streams(),
      n => n === 1,
    );
    // Nothing consumes the queue while 60 flows arrive.
    for (let i = 0; i < 10; i++) server.push(batch(i, `slow${i}`));
    const h = await waitFor(
      'all 60 flows seen',
      () => health.view(),
      v => v.flowsSeen === 60,
    );
    expect(queue.length).toBe(5);
    expect(h.droppedForBackpressure).toBe(55);
    // The oldest are kept: the queue refuses new flows when full.
    expect(queue.take().map(f => f.uuid)).toEqual(
      batch(0, 'slow0')
        .slice(0, 5)
        .map(f => f.uuid),
    );
  });

  it('one cluster whose relay goes down does not stop another', async () => {
    const a = await startHubbleTestServer();
    const b = await startHubbleTestServer();
    servers.push(b);
    const east = source(a.address);
    const west = source(b.address);
    sources.push(east.s, west.s);
    east.s.start();
    west.s.start();
    await waitFor(
      'both streams',
      () => a.streams() + b.streams(),
      n => n === 2,
    );
    await a.stop();
    await waitFor(
      'east reconnecting',
      () => east.health.view(),
      h => h.state === 'reconnecting',
    );
    b.push(FIXTURE);
    await waitFor(
      'west flows',
      () => west.queue.length,
      n => n === 6,
    );
    expect(west.health.view().state).toBe('connected');
    expect(east.health.view().lastError).toBeDefined();
  });

  it('backs off doubling from minMs to maxMs, jittered in the upper half', () => {
    const r = { minMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 10].map(n => backoffDelay(n, r, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(3, r, () => 0)).toBe(200);
  });
});
