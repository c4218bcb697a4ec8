/*
 * Worker thread entry: lints one cluster of an overlay version off the event loop.
 * Keeps the last version's overlay, so each version is sent and rebuilt once.
 */
import { parentPort } from 'node:worker_threads';
import type { ClusterSnapshot, Overlay } from '@ytknetwork/common';
import { lintCluster, overlayOf } from './lintPayload';
import type { LintReply, LintRequest } from './lintProtocol';

let loaded: { overlay: Overlay; snapshots: ClusterSnapshot[] } | undefined;

parentPort?.on('message', (req: LintRequest) => {
  let reply: LintReply;
  try {
    if (req.payload) loaded = overlayOf(req.payload);
    if (!loaded || loaded.overlay.version !== req.version) {
      throw new Error(`overlay version ${req.version} was not sent`);
    }
    reply = {
      id: req.id,
      findings: lintCluster(loaded.overlay, loaded.snapshots, req.cluster),
    };
  } catch (e) {
    reply = { id: req.id, error: String((e as Error)?.stack ?? e) };
  }
  parentPort?.postMessage(reply);
});
