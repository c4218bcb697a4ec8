/*
 * Worker thread entry: derives the views of one overlay version (connectivity, policy
 * subjects) off the event loop, from the snapshots the version was built from.
 */
import { parentPort } from 'node:worker_threads';
import { deriveViews } from './derivedViews';
import { overlayOf } from './lintPayload';
import type { ViewReply, ViewRequest } from './viewProtocol';

parentPort?.on('message', (req: ViewRequest) => {
  let reply: ViewReply;
  try {
    reply = { id: req.id, views: deriveViews(overlayOf(req.payload).overlay) };
  } catch (e) {
    reply = { id: req.id, error: String((e as Error)?.stack ?? e) };
  }
  parentPort?.postMessage(reply);
});
