import { IncomingMessage, ServerResponse } from 'http';
import { parse as parseYaml } from 'yaml';
import { fail, KubeStatus } from './status';

/** One line of the request log. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 until answered; a watch logs 200 when its stream opens. */
  status: number;
  /** The token's user name, when the token was known. */
  user?: string;
  watch: boolean;
}

// The API server's default request body limit.
const MAX_BODY = 3 * 1024 * 1024;

/** A request being answered: its parsed URL, its log entry and reply helpers. */
export class Exchange {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly method: string;
  readonly watch: boolean;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly log: RequestLogEntry,
  ) {
    const url = new URL(req.url ?? '/', 'http://kube-api');
    this.path = url.pathname.replace(/\/+$/, '') || '/';
    this.query = url.searchParams;
    this.method = (req.method ?? 'GET').toUpperCase();
    const w = this.query.get('watch');
    this.watch = w === 'true' || w === '1';
  }

  sendJson(status: number, body: unknown) {
    if (this.res.headersSent) return;
    this.log.status = status;
    const text = JSON.stringify(body);
    this.res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    this.res.end(text);
  }

  sendStatus(status: KubeStatus) {
    this.sendJson(status.code, status);
  }

  /** Opens a chunked newline-delimited JSON stream (a watch). */
  startStream() {
    this.log.status = 200;
    this.res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    });
    this.res.flushHeaders();
  }

  /** Reads and parses the body: JSON, or YAML for apply patches. */
  async body(): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY)
        throw fail(413, 'request entity too large', {
          reason: 'RequestEntityTooLarge',
        });
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text.trim()) throw fail(400, 'the request body is empty');
    try {
      // JSON is YAML, so one parser serves both content types.
      return this.contentType().includes('yaml')
        ? parseYaml(text)
        : JSON.parse(text);
    } catch (e) {
      throw fail(
        400,
        `the body of the request was in an unknown format: ${(e as Error).message}`,
      );
    }
  }

  contentType(): string {
    return (this.req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
  }

  bearerToken(): string | undefined {
    const h = this.req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(h);
    return m?.[1].trim();
  }
}
