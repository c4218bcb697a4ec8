/** Which requests a fault applies to. */
export interface FaultMatch {
  /** Path prefix, e.g. `/apis/cilium.io`; '' or '/' for everything. */
  pathPrefix?: string;
  method?: string;
  /** true: only watch requests; false: only non-watch requests. */
  watch?: boolean;
}

interface Failure extends FaultMatch {
  id: number;
  status: number;
  remaining: number;
  message: string;
}

interface Latency extends FaultMatch {
  id: number;
  ms: number;
}

export interface RequestInfo {
  method: string;
  path: string;
  watch: boolean;
}

const matches = (m: FaultMatch, r: RequestInfo) =>
  r.path.startsWith(m.pathPrefix ?? '') &&
  (m.method === undefined || m.method.toUpperCase() === r.method) &&
  (m.watch === undefined || m.watch === r.watch);

/**
 * Faults the server injects. The connection-level ones (dropping watches,
 * refusing connections) are wired to the server by `startKubeApiServer`.
 */
export class Faults {
  private nextId = 1;
  private failures: Failure[] = [];
  private latencies: Latency[] = [];

  constructor(
    private readonly hooks: {
      dropWatches: (graceful: boolean) => number;
      refuse: () => Promise<void>;
      resume: () => Promise<void>;
    },
  ) {}

  /** Adds `ms` of delay before answering matching requests. Returns an id for `clear`. */
  latency(ms: number, match: FaultMatch = {}): number {
    const id = this.nextId++;
    this.latencies.push({ ...match, id, ms });
    return id;
  }

  /**
   * Answers matching requests with an error Status (500 by default), `times`
   * times (default: until cleared). Returns an id for `clear`.
   */
  fail(
    match: FaultMatch = {},
    options: { status?: number; times?: number; message?: string } = {},
  ): number {
    const id = this.nextId++;
    this.failures.push({
      ...match,
      id,
      status: options.status ?? 500,
      remaining: options.times ?? Infinity,
      message: options.message ?? 'injected fault',
    });
    return id;
  }

  /** Clears one fault by id, or all of them. */
  clear(id?: number) {
    const keep = (f: { id: number }) => id !== undefined && f.id !== id;
    this.failures = this.failures.filter(keep);
    this.latencies = this.latencies.filter(keep);
  }

  /**
   * Closes every open watch now: abruptly (socket destroyed, the client sees
   * an error) or gracefully (stream ended, as on a server-side timeout).
   * Returns how many were closed.
   */
  dropWatches(options: { graceful?: boolean } = {}): number {
    return this.hooks.dropWatches(options.graceful ?? false);
  }

  /** Stops listening and cuts open connections: clients get ECONNREFUSED. */
  refuseConnections(): Promise<void> {
    return this.hooks.refuse();
  }

  /** Listens again on the same port. */
  resume(): Promise<void> {
    return this.hooks.resume();
  }

  /** Total delay for a request. */
  delayFor(r: RequestInfo): number {
    return this.latencies
      .filter(l => matches(l, r))
      .reduce((sum, l) => sum + l.ms, 0);
  }

  /** The failure to answer with, consuming one of its `times`. */
  takeFailure(r: RequestInfo): { status: number; message: string } | undefined {
    const f = this.failures.find(x => x.remaining > 0 && matches(x, r));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining <= 0) this.failures = this.failures.filter(x => x !== f);
    return { status: f.status, message: f.message };
  }
}
