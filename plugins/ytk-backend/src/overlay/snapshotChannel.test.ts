import { buildOverlay, type ClusterSnapshot } from '@ytknetwork/common';
import { syntheticSnapshots } from './__testUtils__/synthetic';
import { lintCluster } from './lintPayload';
import { SnapshotReceiver, SnapshotSender } from './snapshotChannel';

/** What a worker receives: a structured clone, as postMessage makes it. */
const post = (sender: SnapshotSender, v: number, s: ClusterSnapshot[]) => {
  const { payload, sent } = sender.payload(v, s);
  sent();
  return structuredClone(payload);
};
/** An overlay as data: its parsed documents carry closures that differ per parse. */
const data = (o: unknown) => JSON.parse(JSON.stringify(o));
const carried = (p: {
  snapshots: Array<{ name: string; resources?: unknown }>;
}) => p.snapshots.filter(s => s.resources).map(s => s.name);

describe('snapshot channel', () => {
  const first = syntheticSnapshots(60);
  // c2 changed (a new resources array, as a source emits); c1 did not.
  const second: ClusterSnapshot[] = [
    { ...first[0] }, // a new snapshot object (a rebuild), the same resources
    { ...first[1], resources: first[1].resources.slice(1) },
  ];

  it('sends a cluster whose resources the worker holds without them, and the worker builds the same overlay', () => {
    const sender = new SnapshotSender();
    const receiver = new SnapshotReceiver();
    const p1 = post(sender, 1, first);
    expect(carried(p1)).toEqual(['c1', 'c2']);
    receiver.overlayOf(p1);

    const p2 = post(sender, 2, second);
    expect(carried(p2)).toEqual(['c2']);
    const got = receiver.overlayOf(p2);
    const expected = buildOverlay(second, { version: 2 });
    expect(data(got.overlay)).toEqual(data(expected));
    // Documents kept from version 1 still locate findings (c1's manifest).
    expect(lintCluster(got.overlay, got.snapshots, 'c1')).toEqual(
      lintCluster(expected, second, 'c1'),
    );
    expect(got.snapshots[1].resources).toHaveLength(
      first[1].resources.length - 1,
    );
  });

  it('counts a payload as held only once it was sent', () => {
    const sender = new SnapshotSender();
    sender.payload(1, first); // never posted (a clone error, say)
    expect(carried(post(sender, 1, first))).toEqual(['c1', 'c2']);
    expect(carried(post(sender, 2, first))).toEqual([]);
  });

  it('sends everything again after a reset (a new worker)', () => {
    const sender = new SnapshotSender();
    post(sender, 1, first);
    sender.reset();
    expect(carried(post(sender, 2, second))).toEqual(['c1', 'c2']);
  });

  it('forgets a cluster that left, and sends it whole when it is back', () => {
    const sender = new SnapshotSender();
    const receiver = new SnapshotReceiver();
    receiver.overlayOf(post(sender, 1, first));
    receiver.overlayOf(post(sender, 2, [first[0]]));
    const back = post(sender, 3, first);
    expect(carried(back)).toEqual(['c2']);
    expect(data(receiver.overlayOf(back).overlay)).toEqual(
      data(buildOverlay(first, { version: 3 })),
    );
  });

  it('fails on a cluster it was never sent, and keeps what it holds', () => {
    const receiver = new SnapshotReceiver();
    const sender = new SnapshotSender();
    receiver.overlayOf(post(sender, 1, [first[0]]));
    // Out of step: the payload says the worker holds c2's resources.
    const bad = {
      version: 2,
      snapshots: [
        ...post(new SnapshotSender(), 2, [first[0]]).snapshots,
        { ...first[1], resources: undefined },
      ],
    };
    expect(() => receiver.overlayOf(bad)).toThrow(
      'the resources of cluster c2 were neither sent nor held',
    );
    const again = post(sender, 3, [first[0]]);
    expect(carried(again)).toEqual([]);
    expect(data(receiver.overlayOf(again).overlay)).toEqual(
      data(buildOverlay([first[0]], { version: 3 })),
    );
  });
});
