/*
 * Worker thread entry: derives the views of one overlay version (connectivity, policy
 * subjects) off the event loop, from the snapshots the version was built from (those of the
 * clusters that changed since the last version sent; SnapshotReceiver keeps the others).
 */
import { parentPort } from 'node:worker_threads';
import { deriveViews, transferables } from './derivedViews';
import { SnapshotReceiver } from './snapshotChannel';
import type { ViewReply, ViewRequest } from './viewProtocol';

const receiver = new SnapshotReceiver();

parentPort?.on('message', (req: ViewRequest) => {
  let reply: ViewReply;
  try {
    const { overlay } = receiver.overlayOf(req.payload);
    reply = { id: req.id, views: deriveViews(overlay) };
  } catch (e) {
    reply = { id: req.id, error: String((e as Error)?.stack ?? e) };
  }
  // Moved, not copied: the connectivity's typed arrays are tens of MB for a large overlay.
  parentPort?.postMessage(reply, reply.views ? transferables(reply.views) : []);
});
