import {
  RULE_CATALOGUE,
  lint,
  type Finding,
  type LintInput,
} from '@ytknetwork/common';
import {
  CompletionItemKind,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type DocumentSymbol,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { completionsAt } from './completion';
import { fixesFor, toDiagnostic } from './diagnostics';
import { effectSummary, policiesIn, policyEffect } from './effect';
import { hoverText } from './hover';
import { PortalWorkloads, selectorText } from './portal';
import { readSettings, type YtkSettings } from './settings';
import { WorkspaceIndex, looksLikeManifest } from './workspace';
import { pathAt, stringMapsAt } from './yamlPath';
import type { PreviewModel } from '../preview/model';

import { LINT_DELAY_MS, lintDelay } from './lintDelay';

export { LINT_DELAY_MS };

const COMPLETION_KIND = {
  kind: CompletionItemKind.Class,
  field: CompletionItemKind.Field,
  entity: CompletionItemKind.EnumMember,
  protocol: CompletionItemKind.EnumMember,
  label: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
} as const;

/**
 * Wires the ytk language server onto a connection (stdio, IPC or a test pipe). Used by the
 * bundled `dist/server.js`, by `ytk lsp --stdio` and by the protocol tests.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex();
  let settings: YtkSettings = readSettings(undefined);
  const findings = new Map<string, Finding[]>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** When each open document last changed (open or edit), for the leading-edge debounce. */
  const changedAt = new Map<string, number>();
  /** The newest requested version per document: an older in-flight lint is dropped. */
  const wanted = new Map<string, number>();
  let previewUri: string | undefined;
  /** What the timer of each document will do (merged when rescheduled for the same version). */
  const pending = new Map<
    string,
    { version: number; full: boolean; due: number }
  >();
  const portal = new PortalWorkloads(m => connection.console.log(m));

  const applySettings = (raw: unknown) => {
    settings = readSettings(raw);
    portal.configure(settings.portal.url);
    index.defaultCluster = settings.cluster || 'default';
    index.hostNetwork =
      settings.hostNetwork === 'auto' ? undefined : settings.hostNetwork;
  };

  connection.onInitialize(params => {
    const init = params.initializationOptions as
      { settings?: unknown } | undefined;
    applySettings(init?.settings);
    const folders = (params.workspaceFolders ?? [])
      .map(f => f.uri)
      .concat(
        params.rootUri && !params.workspaceFolders ? [params.rootUri] : [],
      )
      .filter(u => u.startsWith('file:'))
      .map(u => fileURLToPath(u));
    const n = index.scan(folders);
    connection.console.log(
      `ytk: ${n} manifests in ${folders.length} workspace folder(s)`,
    );
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        completionProvider: { triggerCharacters: [':', ' ', '-'] },
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'ytk', version: '0.1.0' },
    };
  });

  connection.onDidChangeConfiguration(change => {
    const raw = (change.settings as { ytk?: unknown } | undefined)?.ytk;
    if (raw !== undefined) applySettings(raw);
    for (const d of documents.all()) schedule(d, 0, true);
  });

  connection.onDidChangeWatchedFiles(params => {
    for (const c of params.changes) {
      if (documents.get(c.uri)) continue;
      if (c.type === 3) index.deleteFromDisk(c.uri);
      else index.readFromDisk(c.uri);
    }
    for (const d of documents.all()) schedule(d, LINT_DELAY_MS);
  });

  /**
   * While typing, the engine-decided redundancy check (it re-evaluates every flow without each
   * rule) is left out so diagnostics keep up with the keyboard; it runs on open and save.
   */
  const TYPING_SKIP = ['rule-redundant'];

  function lintNow(doc: TextDocument, full: boolean): Finding[] {
    if (!looksLikeManifest(doc.getText())) return [];
    index.setOpen(doc.uri, doc.getText());
    const decoded = index.decoded(doc.uri);
    const input: LintInput = decoded;
    return lint(input, {
      overlay: index.overlay(),
      enforcer: settings.enforcer === 'auto' ? undefined : settings.enforcer,
      ciliumVersion: settings.ciliumVersion || undefined,
      cluster: index.clusterOf(doc.uri),
      skipRules: full ? undefined : TYPING_SKIP,
    }).filter(f => !f.uri || f.uri === doc.uri);
  }

  /** Lints `doc` after `delay`; `full` adds the rules left out while typing (open, save). */
  function schedule(doc: TextDocument, delay: number, full = false) {
    const uri = doc.uri;
    const version = doc.version;
    // TextDocuments fires onDidChangeContent right after onDidOpen for the same version: keep
    // the open's full lint and immediacy instead of letting the change replace them.
    const prev = pending.get(uri);
    const merged = prev?.version === version;
    const isFull = full || (merged && prev.full);
    const wait = merged
      ? Math.max(0, Math.min(delay, prev.due - Date.now()))
      : delay;
    pending.set(uri, { version, full: isFull, due: Date.now() + wait });
    wanted.set(uri, version);
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        pending.delete(uri);
        const current = documents.get(uri);
        // Superseded while waiting: the newer version has its own timer.
        if (!current || wanted.get(uri) !== version) return;
        let result: Finding[];
        try {
          result = lintNow(current, isFull);
        } catch (e) {
          connection.console.error(`ytk: lint failed: ${(e as Error).stack}`);
          result = [];
        }
        // A newer version arrived while linting: do not publish stale results.
        if (wanted.get(uri) !== version) return;
        findings.set(uri, result);
        connection.sendDiagnostics({
          uri,
          version,
          diagnostics: result.map(f => toDiagnostic(f, settings.rulesBaseUrl)),
        });
        if (previewUri === uri)
          connection.sendNotification('ytk/preview', previewModel(uri));
      }, wait),
    );
  }

  function previewModel(uri: string): PreviewModel {
    const doc = documents.get(uri);
    if (doc) index.setOpen(uri, doc.getText());
    const overlay = index.overlay();
    return {
      uri,
      version: doc?.version ?? 0,
      policies: policiesIn(overlay, uri).map(p => {
        const e = policyEffect(overlay, p);
        return {
          id: p.id,
          kind: p.kind,
          name: p.name,
          cluster: p.cluster,
          summary: effectSummary(e),
          invalid: e.invalid,
          subjects: e.subjects,
          edges: e.edges,
        };
      }),
      findings: (findings.get(uri) ?? []).map(f => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: f.range.start.line,
      })),
    };
  }

  /**
   * With a portal configured: which live workloads the matchLabels under the cursor selects, in
   * the policy's cluster and (when the policy is namespaced and the selector names no other
   * namespace) its namespace — where Kubernetes and Cilium look for them by default.
   */
  async function liveMatches(
    doc: TextDocument,
    docIndex: number,
    path: Array<string | number>,
  ): Promise<string | undefined> {
    if (!portal.configured) return undefined;
    const i = path.lastIndexOf('matchLabels');
    if (i < 0) return undefined;
    const text = doc.getText();
    const [labels, meta = {}] = stringMapsAt(text, docIndex, [
      path.slice(0, i + 1),
      ['metadata'],
    ]);
    if (!labels) return undefined;
    let namespace: string | undefined = meta.namespace;
    let cluster: string | undefined = index.clusterOf(doc.uri);
    const podLabels: Record<string, string> = {};
    for (const [raw, v] of Object.entries(labels)) {
      // Cilium selectors may carry a label source (`k8s:app`) and identity labels.
      const k = raw.replace(/^(k8s|any):/, '');
      if (k === 'io.kubernetes.pod.namespace') namespace = v;
      else if (k === 'io.cilium.k8s.policy.cluster') cluster = v;
      else if (!k.startsWith('io.cilium.') && !k.startsWith('reserved:'))
        podLabels[k] = v;
    }
    const live = await portal.match({
      selector: selectorText(podLabels),
      cluster,
      namespace,
    });
    if (!live) return undefined;
    const where = [cluster, namespace].filter(Boolean).join('/');
    const refs = live.workloads.map(w => w.ref);
    return `Live (portal): **${live.total}** workload(s)${where ? ` in ${where}` : ''} carry these labels${refs.length ? `: ${refs.slice(0, 8).join(', ')}${live.total > 8 ? ', …' : ''}` : ''}`;
  }

  /**
   * A request can arrive before the client has sent the document: VS Code asks for CodeLenses as
   * soon as the extension registers them, racing the didOpen of the editor that activated it. An
   * empty answer would stay until the next edit, so such a request waits briefly for the document.
   */
  const openWaiters = new Map<string, Array<() => void>>();
  function openedDocument(
    uri: string,
    timeoutMs = 3000,
  ): Promise<TextDocument | undefined> {
    const doc = documents.get(uri);
    if (doc) return Promise.resolve(doc);
    return new Promise(resolve => {
      const waiters = openWaiters.get(uri) ?? [];
      openWaiters.set(uri, waiters);
      const timer: { id?: ReturnType<typeof setTimeout> } = {};
      const done = () => {
        clearTimeout(timer.id);
        const rest = (openWaiters.get(uri) ?? []).filter(w => w !== done);
        if (rest.length) openWaiters.set(uri, rest);
        else openWaiters.delete(uri);
        resolve(documents.get(uri));
      };
      timer.id = setTimeout(done, timeoutMs);
      waiters.push(done);
    });
  }

  documents.onDidOpen(e => {
    schedule(e.document, 0, true);
    for (const done of openWaiters.get(e.document.uri) ?? []) done();
  });
  documents.onDidSave(e => schedule(e.document, 0, true));
  documents.onDidChangeContent(e => {
    const now = Date.now();
    const delay = lintDelay(changedAt.get(e.document.uri), now);
    changedAt.set(e.document.uri, now);
    schedule(e.document, delay);
  });
  documents.onDidClose(e => {
    changedAt.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    pending.delete(e.document.uri);
    wanted.delete(e.document.uri);
    findings.delete(e.document.uri);
    index.close(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async params => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const at = pathAt(doc.getText(), doc.offsetAt(params.position));
    if (!at) return null;
    index.setOpen(doc.uri, doc.getText());
    const text = hoverText(at, {
      overlay: index.overlay(),
      uri: doc.uri,
      line: params.position.line,
    });
    const live = await liveMatches(doc, at.docIndex, at.path);
    if (!text && !live) return null;
    return {
      contents: {
        kind: 'markdown',
        value: [text, live].filter(Boolean).join('\n\n'),
      },
      range: { start: doc.positionAt(at.start), end: doc.positionAt(at.end) },
    };
  });

  connection.onCodeAction(params => {
    const list = findings.get(params.textDocument.uri) ?? [];
    return fixesFor(list, params.range, settings.rulesBaseUrl);
  });

  connection.onCompletion(params => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const lines = doc.getText().split(/\r?\n/);
    return completionsAt(
      lines,
      params.position.line,
      params.position.character,
      index.overlay(),
    ).map(c => ({
      label: c.label,
      kind: COMPLETION_KIND[c.kind],
      detail: c.detail,
      documentation: c.documentation
        ? { kind: 'markdown' as const, value: c.documentation }
        : undefined,
      insertText: c.insertText,
    }));
  });

  connection.onCodeLens(async params => {
    const doc = await openedDocument(params.textDocument.uri);
    if (!doc) return [];
    index.setOpen(doc.uri, doc.getText());
    const overlay = index.overlay();
    return policiesIn(overlay, doc.uri).map(p => {
      const line = (p.document?.range ?? p.source?.range)?.start.line ?? 0;
      return {
        range: {
          start: { line, character: 0 },
          end: { line, character: 0 },
        },
        command: {
          title: effectSummary(policyEffect(overlay, p)),
          command: 'ytk.preview',
          arguments: [doc.uri],
        },
      };
    });
  });

  connection.onDocumentSymbol(params => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !looksLikeManifest(doc.getText())) return [];
    index.setOpen(doc.uri, doc.getText());
    const symbols: DocumentSymbol[] = [];
    for (const r of index.decoded(doc.uri).resources) {
      const o = r.object as { kind?: string; metadata?: { name?: string } };
      const range = r.document?.range ?? r.source?.range;
      if (!range) continue;
      symbols.push({
        name: `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`,
        kind: /Policy$/.test(o.kind ?? '')
          ? SymbolKind.Class
          : SymbolKind.Object,
        range,
        selectionRange: r.document?.rangeOf(['metadata', 'name']) ?? range,
      });
    }
    return symbols;
  });

  connection.onRequest('ytk/preview', (p: { uri: string }) => {
    previewUri = p.uri;
    return previewModel(p.uri);
  });
  connection.onNotification('ytk/closePreview', () => {
    previewUri = undefined;
  });
  connection.onRequest('ytk/rules', () => RULE_CATALOGUE);
  connection.onNotification('ytk/portalToken', (p: { token: string }) =>
    portal.configure(settings.portal.url, p.token),
  );

  documents.listen(connection);
  connection.listen();
}
