/*
 * Worker thread entry: lints one cluster of an overlay version off the event loop, and assesses
 * posture scopes over it. Keeps the last version's overlay, so each version is sent (its changed
 * clusters: SnapshotReceiver) and rebuilt once, and the findings it linted of that version, so a posture assessment (a second of CPU
 * for a large team) uses them without the main thread sending them back.
 */
import { parentPort } from 'node:worker_threads';
import type { ClusterSnapshot, Finding, Overlay } from '@ytknetwork/common';
import { storedPostureReport } from '../posture/storedReport';
import { lintCluster } from './lintPayload';
import { SnapshotReceiver } from './snapshotChannel';
import type { LintReply, LintRequest } from './lintProtocol';

let loaded:
  | {
      overlay: Overlay;
      snapshots: ClusterSnapshot[];
      findings: Map<string, Finding[]>;
    }
  | undefined;

function findingsOf(cluster: string): Finding[] {
  let findings = loaded!.findings.get(cluster);
  if (!findings) {
    findings = lintCluster(loaded!.overlay, loaded!.snapshots, cluster);
    loaded!.findings.set(cluster, findings);
  }
  return findings;
}

const receiver = new SnapshotReceiver();

parentPort?.on('message', (req: LintRequest) => {
  let reply: LintReply;
  try {
    if (req.payload)
      loaded = { ...receiver.overlayOf(req.payload), findings: new Map() };
    if (!loaded || loaded.overlay.version !== req.version) {
      throw new Error(`overlay version ${req.version} was not sent`);
    }
    if (req.posture) {
      // Every cluster's findings of this version: those linted already, the others now.
      const findings = loaded.snapshots.flatMap(s => findingsOf(s.name));
      reply = {
        id: req.id,
        report: storedPostureReport(loaded.overlay, req.posture, findings),
      };
    } else {
      // Linted again when asked again: the main thread asks once per version and cluster.
      loaded.findings.delete(req.cluster);
      reply = { id: req.id, findings: findingsOf(req.cluster) };
    }
  } catch (e) {
    reply = { id: req.id, error: String((e as Error)?.stack ?? e) };
  }
  parentPort?.postMessage(reply);
});
