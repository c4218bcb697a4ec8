/*
 * Editor latency: time from a didChange to the publishDiagnostics that answers it, for a
 * 200-line and a 2,000-line CiliumNetworkPolicy, for the ytk server and for yaml-language-server
 * validating the same file against the CRD schema. `runLspBench()` returns the printed table.
 * Run: npm run bench -w extensions/vscode   (the lead wires it into the root `npm run bench`).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  LspTestClient,
  REPO_ROOT,
  EXTENSION_ROOT,
} from '../src/server/testClient';
import { LINT_DELAY_MS } from '../src/server/server';

const SCHEMA = '/work/shared/data/schemas/ciliumnetworkpolicy_v2.json';
const OVERLAY = path.join(REPO_ROOT, 'examples/overlay');
const ROUNDS = 7;
/** yaml-language-server validates every change after this fixed delay (its `validationDelayMs`). */
const YAML_LS_DELAY_MS = 200;

/** A CNP of about `lines` lines: one ingress rule (10 lines) per peer app. */
export function policyText(lines: number, variant = 0): string {
  const head = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: bench-${variant}
  namespace: storefront
spec:
  endpointSelector:
    matchLabels:
      app.kubernetes.io/name: catalog-api
  ingress:
`;
  const rules: string[] = [];
  const n = Math.max(1, Math.round((lines - 10) / 10));
  for (let i = 0; i < n; i++)
    rules.push(`    - fromEndpoints:
        - matchLabels:
            app.kubernetes.io/name: client-${i}
            io.kubernetes.pod.namespace: storefront
      toPorts:
        - ports:
            - port: "${8000 + (i % 1000)}"
              protocol: TCP
          rules:
            http: [{ method: GET, path: "/v${variant}/${i}" }]
`);
  return head + rules.join('');
}

/** How each measured version differs from the one before. */
type EditKind = 'rewrite' | 'line';

/**
 * Version `v` of the file, from version `v - 1` (`prev`): `rewrite` replaces every rule (worst
 * case: the whole text is new); `line` edits one rule's path in the middle of the file, the
 * way typing does (each version differs from the previous one in that one line).
 */
function versionText(
  prev: string,
  lines: number,
  kind: EditKind,
  v: number,
): string {
  if (kind === 'rewrite') return policyText(lines, v);
  const n = Math.max(1, Math.round((lines - 10) / 10));
  const i = Math.floor(n / 2) + (v % 5);
  return prev.replace(
    new RegExp(`path: "/v0/${i}(/e\\d+)?"`),
    `path: "/v0/${i}/e${v}"`,
  );
}

async function measure(
  client: LspTestClient,
  uri: string,
  lines: number,
  kind: EditKind,
): Promise<number> {
  const first = client.diagnostics(uri);
  let text = policyText(lines, 0);
  await client.open(uri, text);
  await first;
  const times: number[] = [];
  for (let v = 2; v < 2 + ROUNDS; v++) {
    const from = client.published.length;
    const next = client.diagnostics(uri, () =>
      client.published.slice(from).some(p => p.uri === uri),
    );
    text = versionText(text, lines, kind, v);
    // An edit after a pause (as after reading, or a paste): ytk lints it at once. Within a
    // burst of keystrokes it would wait LINT_DELAY_MS for the burst to end instead.
    await new Promise(r => setTimeout(r, LINT_DELAY_MS + 50));
    const t0 = performance.now();
    await client.change(uri, v, text);
    await next;
    times.push(performance.now() - t0);
  }
  await client.conn.sendNotification('textDocument/didClose', {
    textDocument: { uri },
  });
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function runLspBench(): Promise<string> {
  execFileSync(process.execPath, ['scripts/build.js'], { cwd: EXTENSION_ROOT });
  const ytk = new LspTestClient([
    process.execPath,
    path.join(EXTENSION_ROOT, 'dist/server.js'),
    '--stdio',
  ]);
  const yamlSettings = {
    validate: true,
    schemas: { [pathToFileURL(SCHEMA).toString()]: '*.yaml' },
  };
  const yls = new LspTestClient(
    [
      process.execPath,
      require.resolve('yaml-language-server/bin/yaml-language-server'),
      '--stdio',
    ],
    EXTENSION_ROOT,
    section => {
      if (section === 'yaml') return yamlSettings;
      return section ? {} : { yaml: yamlSettings };
    },
  );
  const rows: string[][] = [];
  try {
    await ytk.initialize([OVERLAY]);
    await yls.initialize([OVERLAY]);
    await yls.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { yaml: yamlSettings },
    });
    for (const kind of ['rewrite', 'line'] as const) {
      for (const lines of [200, 2000]) {
        const uri = (s: string) =>
          pathToFileURL(
            path.join(
              OVERLAY,
              `eu-west/storefront/bench-${s}-${kind}-${lines}.yaml`,
            ),
          ).toString();
        const a = await measure(ytk, uri('ytk'), lines, kind);
        const b = await measure(yls, uri('yls'), lines, kind);
        const lineCount = policyText(lines).split('\n').length - 1;
        rows.push([
          kind === 'rewrite' ? 'whole file' : 'one line',
          `${lineCount}`,
          a.toFixed(0),
          b.toFixed(0),
          (a / b).toFixed(2),
          (b - YAML_LS_DELAY_MS).toFixed(0),
        ]);
      }
    }
  } finally {
    await ytk.stop();
    await yls.stop();
  }
  const header = [
    'edit',
    'lines',
    'ytk ms',
    'yaml-ls ms',
    'ytk/yaml-ls',
    `yaml-ls ms - its ${YAML_LS_DELAY_MS} ms delay`,
  ];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ');
  return [
    `LSP didChange → publishDiagnostics for an edit after a pause, median of ${ROUNDS} (yaml-ls validates against ciliumnetworkpolicy_v2.json; in a burst of edits < ${LINT_DELAY_MS} ms apart ytk answers ${LINT_DELAY_MS} ms after the last)`,
    `edit: "whole file" = every rule changes (the whole text is new); "one line" = one rule's path changes mid-file (a keystroke)`,
    fmt(header),
    ...rows.map(fmt),
    '',
  ].join('\n');
}

if (require.main === module) {
  runLspBench().then(
    t => process.stdout.write(t),
    e => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
