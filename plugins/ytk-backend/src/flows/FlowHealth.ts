import type { FlowSourceHealth, FlowSourceState } from '@ytknetwork/common';

/** The live health of one cluster's flow source; `view()` is what GET /clusters serves. */
export class FlowHealth {
  private readonly h: FlowSourceHealth;

  constructor(state: FlowSourceState, source: FlowSourceHealth['source']) {
    this.h = {
      state,
      source,
      flowsSeen: 0,
      droppedForBackpressure: 0,
      attempts: 0,
    };
  }

  view(): FlowSourceHealth {
    return { ...this.h };
  }

  get state(): FlowSourceState {
    return this.h.state;
  }

  connecting(): void {
    if (this.h.state !== 'reconnecting') this.h.state = 'connecting';
  }

  connected(version: string | undefined, at = new Date()): void {
    this.h.state = 'connected';
    this.h.connectedSince = at.toISOString();
    this.h.attempts = 0;
    delete this.h.nextRetryAt;
    if (version) this.h.hubbleVersion = version;
  }

  failed(error: string, retryAt: Date, at = new Date()): void {
    this.h.state = 'reconnecting';
    this.h.lastError = error;
    this.h.lastErrorAt = at.toISOString();
    this.h.attempts++;
    this.h.nextRetryAt = retryAt.toISOString();
    delete this.h.connectedSince;
  }

  recorded(inputProblems: number): void {
    this.h.state = 'recorded';
    this.h.inputProblems = inputProblems;
  }

  flowSeen(time: string | undefined): void {
    this.h.flowsSeen++;
    if (time) this.h.lastFlowTime = time;
  }

  /** Flows dropped to keep memory bounded (the queue was full, or the aggregator). */
  dropped(n = 1): void {
    this.h.droppedForBackpressure += n;
  }
}
