/** One live workload as the portal's `GET /api/ytk/workloads` lists it (WorkloadView). */
export interface LiveWorkload {
  ref: string;
  team?: string;
}

export interface LiveMatches {
  total: number;
  workloads: LiveWorkload[];
}

const CACHE_MS = 30_000;
const TIMEOUT_MS = 3_000;

/** `matchLabels` as a kubectl-style selector; values needing no quoting per label syntax. */
export function selectorText(matchLabels: Record<string, string>): string {
  return Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Optional live context from the ytk portal: which live workloads a selector matches, from
 * `GET <portal>/api/ytk/workloads?selector=…` with the token the client keeps in SecretStorage.
 * Answers are cached briefly per query; failures are logged once and answer `undefined`, so the
 * editor works without a portal.
 */
export class PortalWorkloads {
  private url = '';
  private token = '';
  private readonly cache = new Map<
    string,
    { at: number; value: Promise<LiveMatches | undefined> }
  >();
  private lastError = '';

  constructor(
    private readonly log: (msg: string) => void,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get configured(): boolean {
    return Boolean(this.url && this.token);
  }

  configure(url: string, token = this.token): void {
    if (url !== this.url || token !== this.token) this.cache.clear();
    this.url = url.replace(/\/+$/, '');
    this.token = token;
  }

  match(query: {
    selector: string;
    cluster?: string;
    namespace?: string;
  }): Promise<LiveMatches | undefined> {
    if (!this.configured) return Promise.resolve(undefined);
    const params = new URLSearchParams({ selector: query.selector });
    if (query.cluster) params.set('cluster', query.cluster);
    if (query.namespace) params.set('namespace', query.namespace);
    params.set('limit', '20');
    const key = params.toString();
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = this.fetchMatches(key);
    this.cache.set(key, { at: Date.now(), value });
    return value;
  }

  private async fetchMatches(query: string): Promise<LiveMatches | undefined> {
    try {
      const res = await this.fetchImpl(
        `${this.url}/api/ytk/workloads?${query}`,
        {
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
          },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
      );
      if (!res.ok) {
        const body = (await res.json().catch(() => undefined)) as
          { error?: { message?: string } } | undefined;
        throw new Error(
          `HTTP ${res.status}${body?.error?.message ? `: ${body.error.message}` : ''}`,
        );
      }
      const body = (await res.json()) as Partial<LiveMatches>;
      if (typeof body.total !== 'number' || !Array.isArray(body.workloads))
        throw new Error('unexpected response (not a ytk portal?)');
      this.lastError = '';
      return { total: body.total, workloads: body.workloads };
    } catch (e) {
      const message = (e as Error).message;
      // One line per distinct failure, not one per hover.
      if (message !== this.lastError)
        this.log(`ytk: portal unavailable at ${this.url} (${message})`);
      this.lastError = message;
      return undefined;
    }
  }
}
