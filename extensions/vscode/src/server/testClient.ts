import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

// Tests and the bench run from the source tree, never from a build.
// eslint-disable-next-line no-restricted-syntax
export const EXTENSION_ROOT = path.resolve(__dirname, '../..');
export const REPO_ROOT = path.resolve(EXTENSION_ROOT, '../..');

export interface Diag {
  range: { start: { line: number; character: number } };
  code?: string;
  message: string;
  severity?: number;
  codeDescription?: { href: string };
}

/** A JSON-RPC client speaking LSP to a spawned server over stdio (for tests and the bench). */
export class LspTestClient {
  readonly conn: MessageConnection;
  private readonly child: ChildProcess;
  private readonly waiters: Array<{
    uri: string;
    test: (d: Diag[]) => boolean;
    resolve: (d: Diag[]) => void;
  }> = [];
  readonly latest = new Map<string, Diag[]>();
  /** Every publishDiagnostics seen, in order. */
  readonly published: Array<{ uri: string; version?: number; at: number }> = [];
  readonly notifications: Array<{ method: string; params: unknown }> = [];

  constructor(
    command: string[],
    cwd = EXTENSION_ROOT,
    /** Answers workspace/configuration, one value per requested section. */
    configuration: (section?: string) => unknown = () => null,
  ) {
    this.child = spawn(command[0], command.slice(1), {
      cwd,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: Diag[] }) => {
        this.latest.set(p.uri, p.diagnostics);
        this.published.push({ uri: p.uri, version: p.version, at: Date.now() });
        for (const w of [...this.waiters]) {
          if (w.uri === p.uri && w.test(p.diagnostics)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(p.diagnostics);
          }
        }
      },
    );
    this.conn.onNotification((method, params) =>
      this.notifications.push({ method, params }),
    );
    this.conn.onRequest(
      'workspace/configuration',
      (p: { items: Array<{ section?: string }> }) =>
        p.items.map(i => configuration(i.section)),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  async initialize(folders: string[], settings: unknown = {}) {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: folders.map(f => ({
        uri: `file://${f}`,
        name: path.basename(f),
      })),
      initializationOptions: { settings },
    });
    await this.conn.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  /** Resolves with the next diagnostics for `uri` that pass `test`. */
  diagnostics(
    uri: string,
    test: (d: Diag[]) => boolean = () => true,
    timeoutMs = 10000,
  ): Promise<Diag[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // What the server last published, so a failure says what it saw.
        const last = this.latest.get(uri);
        const seen = last
          ? last.map(d => `${d.code ?? '-'}@${d.range.start.line}`).join(', ')
          : 'nothing';
        reject(
          new Error(
            `no matching diagnostics for ${uri} in ${timeoutMs} ms; last published: [${seen}]`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        uri,
        test,
        resolve: d => {
          clearTimeout(timer);
          resolve(d);
        },
      });
    });
  }

  open(uri: string, text: string, languageId = 'yaml') {
    return this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  change(uri: string, version: number, text: string) {
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async stop() {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.child.kill();
  }
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(
  text: string,
  edits: Array<{
    range: {
      start: { line: number; character: number };
      end: { line: number; character: number };
    };
    newText: string;
  }>,
): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++)
    if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) =>
    (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort(
    (a, b) => off(b.range.start) - off(a.range.start),
  );
  let out = text;
  for (const e of sorted)
    out =
      out.slice(0, off(e.range.start)) +
      e.newText +
      out.slice(off(e.range.end));
  return out;
}

/** Builds the bundled server (`dist/server.js`, what the extension ships) and speaks to it over stdio. */
export function startBundledServer(): LspTestClient {
  execFileSync(process.execPath, ['scripts/build.js'], { cwd: EXTENSION_ROOT });
  return new LspTestClient([
    process.execPath,
    path.join(EXTENSION_ROOT, 'dist/server.js'),
    '--stdio',
  ]);
}
