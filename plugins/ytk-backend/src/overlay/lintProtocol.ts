import type { Finding } from '@ytknetwork/common';
import type { StoredPostureReport } from '../posture/postureView';
import type { PostureScope } from '../posture/storedReport';
import type { LintPayload } from './lintPayload';

/**
 * Main thread → lint worker: lint one cluster of a version, or assess a posture scope over it
 * with the version's findings. `payload` is sent when the worker does not hold that version yet.
 */
export type LintRequest = {
  id: number;
  version: number;
  payload?: LintPayload;
} & ({ cluster: string; posture?: undefined } | { posture: PostureScope });

/** Lint worker → main thread. */
export type LintReply =
  | { id: number; findings: Finding[]; report?: undefined; error?: undefined }
  | {
      id: number;
      report: StoredPostureReport;
      findings?: undefined;
      error?: undefined;
    }
  | { id: number; error: string; findings?: undefined; report?: undefined };
