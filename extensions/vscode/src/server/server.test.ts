import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  applyEdits,
  LspTestClient,
  REPO_ROOT,
  startBundledServer,
} from './testClient';
import { policyText } from '../../bench/lspBench';

const OVERLAY = path.join(REPO_ROOT, 'examples/overlay');
const FILE = path.join(OVERLAY, 'us-east/payments/cnp-fraud-scoring.yaml');
const URI = pathToFileURL(FILE).toString();
const TEXT = fs.readFileSync(FILE, 'utf8');

describe('ytk language server over stdio', () => {
  let client: LspTestClient;
  let capabilities: Record<string, unknown>;

  beforeAll(async () => {
    client = startBundledServer();
    capabilities = (
      await client.initialize([OVERLAY], {
        rulesBaseUrl: 'https://docs.example/rules/',
      })
    ).capabilities;
  }, 60000);

  it('initializes with the ytk capabilities', () => {
    expect(capabilities).toMatchObject({
      hoverProvider: true,
      codeLensProvider: expect.anything(),
      codeActionProvider: expect.anything(),
      completionProvider: expect.anything(),
      documentSymbolProvider: true,
    });
  });

  afterAll(() => client?.stop());

  it('lints on open, offers the fix, and clears the diagnostic once fixed', async () => {
    const opened = client.diagnostics(URI, d =>
      d.some(x => x.code === 'cilium-auth-cross-cluster'),
    );
    await client.open(URI, TEXT);
    const diags = await opened;
    const auth = diags.find(d => d.code === 'cilium-auth-cross-cluster')!;
    // `mode: required`, line 23 of the file.
    expect(auth.range.start.line).toBe(22);
    expect(auth.severity).toBe(1);
    expect(auth.codeDescription?.href).toBe(
      'https://docs.example/rules/cilium-auth-cross-cluster.md',
    );

    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: auth.range,
      context: { diagnostics: [auth] },
    })) as Array<{ title: string; edit: { changes: Record<string, any[]> } }>;
    expect(actions.length).toBeGreaterThan(0);
    const fixed = applyEdits(TEXT, actions[0].edit.changes[URI]);
    expect(fixed).not.toEqual(TEXT);
    expect(fixed).not.toMatch(/^\s+mode: required$/m);
    expect(fixed).toMatch(/^\s+mode: disabled$/m);

    const cleared = client.diagnostics(
      URI,
      d => !d.some(x => x.code === 'cilium-auth-cross-cluster'),
    );
    await client.change(URI, 2, fixed);
    const after = await cleared;
    // The unrelated deliberate mistake in the same file is still reported.
    expect(after.map(d => d.code)).toContain('cilium-fqdn-without-dns-proxy');
    await client.change(URI, 3, TEXT);
    await client.diagnostics(URI, d =>
      d.some(x => x.code === 'cilium-auth-cross-cluster'),
    );
  });

  it('publishes only the newest of rapid edits (debounced, superseded)', async () => {
    const uri = pathToFileURL(
      path.join(OVERLAY, 'scratch-debounce.yaml'),
    ).toString();
    await client.open(uri, TEXT);
    await client.diagnostics(uri);
    const from = client.published.length;
    for (let v = 2; v <= 6; v++)
      await client.change(
        uri,
        v,
        TEXT.replace('fraud-scoring\n', `fraud-${v}\n`),
      );
    await client.diagnostics(uri);
    const seen = client.published.slice(from).filter(p => p.uri === uri);
    expect(seen.map(p => p.version)).toEqual([6]);
  });

  it('explains fields and shows which workloads a selector matches on hover', async () => {
    await client.open(URI, TEXT);
    const line = TEXT.split('\n').findIndex(l => l.includes('- fromEndpoints'));
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line, character: TEXT.split('\n')[line].indexOf('from') + 2 },
    })) as { contents: { value: string } };
    expect(hover.contents.value).toMatch(/\*\*fromEndpoints\*\*/);
    expect(hover.contents.value).toContain(
      'eu-west/payments/Deployment/checkout-api',
    );

    const selLine = TEXT.split('\n').findIndex(l =>
      l.includes('endpointSelector'),
    );
    const sel = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: selLine + 2, character: 8 },
    })) as { contents: { value: string } };
    expect(sel.contents.value).toMatch(/Selects \*\*1\*\* workload/);
    expect(sel.contents.value).toContain(
      'us-east/payments/Deployment/fraud-scoring',
    );
  });

  it('answers a CodeLens request that arrives before the document is opened', async () => {
    const uri = pathToFileURL(
      path.join(OVERLAY, 'scratch-lens.yaml'),
    ).toString();
    // As VS Code on activation: the lens request races the editor's didOpen.
    const lenses = client.conn.sendRequest('textDocument/codeLens', {
      textDocument: { uri },
    }) as Promise<Array<{ command: { title: string } }>>;
    await new Promise(r => setTimeout(r, 50));
    await client.open(uri, TEXT);
    const answered = (await lenses) as Array<{
      command: { title: string; command: string };
    }>;
    // One lens for the policy (outside a cluster folder: not on Cilium), not an empty answer.
    expect(answered).toHaveLength(1);
    expect(answered[0].command.command).toBe('ytk.preview');
    expect(answered[0].command.title).toContain('CiliumNetworkPolicy');
  });

  it('lenses, symbols, completions and the preview model', async () => {
    const lenses = (await client.conn.sendRequest('textDocument/codeLens', {
      textDocument: { uri: URI },
    })) as Array<{ command: { title: string } }>;
    expect(lenses).toHaveLength(1);
    expect(lenses[0].command.title).toMatch(
      /^selects 1 workload · opens 0 inbound flows/,
    );
    expect(lenses[0].command.title).toMatch(/1 dropped/);

    const symbols = (await client.conn.sendRequest(
      'textDocument/documentSymbol',
      {
        textDocument: { uri: URI },
      },
    )) as Array<{ name: string }>;
    expect(symbols.map(s => s.name)).toEqual([
      'CiliumNetworkPolicy/fraud-scoring',
    ]);

    const lines = TEXT.split('\n');
    const entityText = TEXT.replace(
      '  egress:\n',
      '  egress:\n    - toEntities:\n        - \n',
    );
    await client.change(URI, 10, entityText);
    const entityLine = entityText
      .split('\n')
      .findIndex(l => l === '        - ');
    const items = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: URI },
      position: { line: entityLine, character: 10 },
    })) as Array<{ label: string }>;
    expect(items.map(i => i.label)).toEqual(
      expect.arrayContaining(['world', 'kube-apiserver']),
    );
    expect(lines.length).toBeGreaterThan(10);

    await client.change(URI, 11, TEXT);
    const preview = (await client.conn.sendRequest('ytk/preview', {
      uri: URI,
    })) as any;
    expect(preview.policies[0].edges).toEqual([
      expect.objectContaining({
        peer: 'eu-west/payments/Deployment/checkout-api',
        crossCluster: true,
        dropped: true,
      }),
    ]);
  });

  it('publishes after an in-rule edit exactly what a fresh open of the new text publishes', async () => {
    // The server re-parses only the edited rule (incremental YAML); this pins the equivalence at
    // the protocol level on a 400-line policy, for edits that keep, add and remove lines.
    const dir = path.join(OVERLAY, 'eu-west/storefront');
    const a = pathToFileURL(path.join(dir, 'incremental-a.yaml')).toString();
    const b = pathToFileURL(path.join(dir, 'incremental-b.yaml')).toString();
    const base = policyText(400);
    const edits = [
      (t: string) => t.replace('client-12', 'catalog-api'),
      (t: string) =>
        t.replace(
          '            app.kubernetes.io/name: client-5\n',
          '            app.kubernetes.io/name: client-5\n            tier: x\n',
        ),
      (t: string) => t.replace('              protocol: TCP\n', ''),
    ];
    const strip = (
      ds: Array<{ code?: string; message: string; range: unknown }>,
    ) => ds.map(d => ({ code: d.code, message: d.message, range: d.range }));
    let text = base;
    for (const edit of edits) {
      const opened = client.diagnostics(a);
      await client.open(a, text);
      await opened;
      const next = edit(text);
      expect(next).not.toBe(text);
      const changed = client.diagnostics(a);
      await client.change(a, 2, next);
      const incremental = await changed;
      await client.conn.sendNotification('textDocument/didClose', {
        textDocument: { uri: a },
      });
      const fresh = client.diagnostics(b);
      await client.open(b, next);
      expect(strip(await fresh)).toEqual(strip(incremental));
      await client.conn.sendNotification('textDocument/didClose', {
        textDocument: { uri: b },
      });
      expect(incremental.length).toBeGreaterThan(10);
      text = next;
    }
  });

  it('lints Istio and AdminNetworkPolicy documents with the same engine', async () => {
    const uri = pathToFileURL(
      path.join(OVERLAY, 'eu-west/platform/scratch-istio.yaml'),
    ).toString();
    const text = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: payments
spec:
  selector:
    matchLabels:
      app: db
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: db
  namespace: istio-system
spec:
  selector:
    matchLabels:
      app: db
  mtls:
    mode: STRICT
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: deny-a
spec:
  priority: 10
  subject:
    namespaces: {}
  ingress:
    - action: Deny
      from:
        - namespaces: {}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: allow-b
spec:
  priority: 10
  subject:
    namespaces: {}
  ingress:
    - action: Allow
      from:
        - namespaces: {}
`;
    const codes = [
      'istio-allow-nothing',
      'istio-root-namespace-selector',
      'anp-not-enforced-by-cilium',
    ];
    const opened = client.diagnostics(uri, d =>
      codes.every(c => d.some(x => x.code === c)),
    );
    await client.open(uri, text);
    const diags = await opened;
    const line = (code: string) =>
      diags.find(d => d.code === code)!.range.start.line;
    // At the AuthorizationPolicy's spec, the PeerAuthentication's selector, the first ANP's kind.
    expect(codes.map(line)).toEqual([6, 17, 23]);
  });
});
