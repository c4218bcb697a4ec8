import type { DerivedViews } from './derivedViews';
import type { LintPayload } from './lintPayload';

/** Main thread → view worker: derive the views of the version `payload` describes. */
export interface ViewRequest {
  id: number;
  payload: LintPayload;
}

/** View worker → main thread. */
export type ViewReply =
  | { id: number; views: DerivedViews; error?: undefined }
  | { id: number; error: string; views?: undefined };
