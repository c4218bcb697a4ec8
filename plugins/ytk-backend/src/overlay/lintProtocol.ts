import type { Finding } from '@ytknetwork/common';
import type { LintPayload } from './lintPayload';

/** Main thread → lint worker. `payload` is sent when the worker does not hold that version yet. */
export interface LintRequest {
  id: number;
  version: number;
  cluster: string;
  payload?: LintPayload;
}

/** Lint worker → main thread. */
export type LintReply =
  | { id: number; findings: Finding[]; error?: undefined }
  | { id: number; error: string; findings?: undefined };
