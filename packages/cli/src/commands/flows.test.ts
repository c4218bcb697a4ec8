import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../main';
import { EXAMPLES, REPO_ROOT, runCli } from '../testUtils';

/*
 * `ytk flows` over the bundled example overlay and the recorded flows of examples/flows (what
 * each line shows is stated by hand in examples/flows/README.md).
 */
const FLOWS = path.join(REPO_ROOT, 'examples/flows');
const EU = path.join(FLOWS, 'eu-west.jsonl');
const US = path.join(FLOWS, 'us-east.jsonl');
const base = [
  'flows',
  EXAMPLES,
  '--clusters-from-dirs',
  '--flows',
  EU,
  '--flows',
  US,
];

function flowsJson(extra: string[] = []) {
  const r = runCli([...base, '--format', 'json', ...extra]);
  if (r.code === 2) throw new Error(`ytk flows failed: ${r.err}`);
  return { ...r, json: JSON.parse(r.out) };
}

const find = (json: any, c: string, src: string, dst: string) =>
  json.aggregates.filter(
    (a: any) =>
      a.classification === c &&
      JSON.stringify(a.source).includes(src) &&
      JSON.stringify(a.destination).includes(dst),
  );

function withStdin(argv: string[], stdin: string) {
  let out = '';
  let err = '';
  const code = main(argv, {
    out: t => (out += t),
    err: t => (err += t),
    readStdin: () => stdin,
  });
  return { code, out, err };
}

describe('ytk flows', () => {
  it('attributes the recorded flows as examples/flows/README.md says, and exits 1 on unexpected flows', () => {
    const { code, json, err } = flowsJson();
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(json.input.files).toEqual(
      [
        {
          file: 'examples/flows/eu-west.jsonl',
          lines: 767,
          flows: 767,
          skipped: 0,
          errors: 0,
        },
        {
          file: 'examples/flows/us-east.jsonl',
          lines: 501,
          flows: 501,
          skipped: 0,
          errors: 0,
        },
      ].map(f => ({
        ...f,
        file: path.relative(process.cwd(), path.join(REPO_ROOT, f.file)),
      })),
    );
    expect(json.summary).toMatchObject({
      flows: 1268,
      replies: 400,
      outsideWindow: 0,
      overflow: 0,
      unexpected: 27,
      unusedAllows: 4,
    });
    expect(Object.keys(json.summary.byClassification).sort()).toEqual([
      'allowed-as-expected',
      'dropped-as-expected',
      'not-policy',
      'unexpected-allowed',
      'unexpected-dropped',
      'unknown-endpoint',
    ]);
    // Unexpected first: the drop us-east made on the last day.
    expect(json.aggregates[0]).toMatchObject({
      source: {
        cluster: 'eu-west',
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'web-frontend',
      },
      destination: {
        cluster: 'us-east',
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'recommendations',
      },
      protocol: 'TCP',
      port: 50051,
      verdict: 'DROPPED',
      dropReason: 'POLICY_DENIED',
      count: 6,
      classification: 'unexpected-dropped',
      cause: 'unsupported-feature',
    });
    // A01: mutual auth across ClusterMesh, dropped as the engine predicts.
    expect(
      find(json, 'dropped-as-expected', 'checkout-api', 'fraud-scoring'),
    ).toHaveLength(1);
    // K10, K01 and the payments default deny.
    expect(
      find(json, 'dropped-as-expected', 'cart-service', 'session-cache'),
    ).toHaveLength(1);
    expect(
      find(json, 'dropped-as-expected', 'feature-flags', 'kube-dns'),
    ).toHaveLength(0);
    expect(
      find(json, 'dropped-as-expected', 'feature-flags', 'coredns'),
    ).toHaveLength(1);
    // toFQDNs: the engine cannot know the addresses the DNS proxy learned.
    const stripe = find(
      json,
      'unexpected-allowed',
      'payment-gateway',
      '54.187.174.169',
    );
    expect(stripe.map((a: any) => [a.destination, a.cause])).toEqual([
      [{ cidr: '54.187.174.169/32' }, 'l7-or-fqdn-proxy'],
    ]);
    // Cross-cluster allowed, seen in both files.
    const cross = find(
      json,
      'allowed-as-expected',
      'web-frontend',
      'recommendations',
    );
    expect(cross.map((a: any) => a.count)).toEqual([20]);
    expect(
      find(json, 'unknown-endpoint', 'debug-shell', 'cart-service')[0].source,
    ).toEqual({ unknown: 'eu-west/storefront/debug-shell' });
    expect(
      find(json, 'not-policy', 'web-frontend', 'catalog-api')[0].type,
    ).toBe('L7');
  });

  it('names the deciding rule with its file and 0-based range', () => {
    const { json } = flowsJson();
    const [a] = find(
      json,
      'unexpected-dropped',
      'web-frontend',
      'recommendations',
    );
    expect(a.decidedBy).toEqual([
      {
        direction: 'egress',
        outcome: 'allowed',
        rules: [
          expect.objectContaining({
            policy: 'eu-west/storefront/CiliumNetworkPolicy/web-frontend',
            kind: 'CiliumNetworkPolicy',
            name: 'web-frontend',
            namespace: 'storefront',
            cluster: 'eu-west',
            section: 'egress',
            specIndex: 0,
            ruleIndex: 5,
            action: 'allow',
            location: {
              uri: expect.stringMatching(
                /examples\/overlay\/eu-west\/storefront\/cnp-web-frontend\.yaml$/,
              ),
              range: expect.objectContaining({
                start: { line: 62, character: expect.any(Number) },
              }),
            },
          }),
        ],
      },
      expect.objectContaining({ direction: 'ingress', outcome: 'allowed' }),
    ]);
  });

  it('lists the allow rules without traffic, with the narrower policy as the suggestion', () => {
    const { json } = flowsJson();
    expect(
      json.unusedAllows.map((u: any) => [
        path.basename(u.uri),
        u.range.start.line + 1,
        u.ruleId,
      ]),
    ).toEqual([
      ['cnp-otel-collector.yaml', 12, 'allow-rule-unused'],
      ['netpol-feature-flags.yaml', 17, 'allow-rule-unused'],
      ['netpol-feature-flags.yaml', 28, 'allow-rule-unused'],
      ['cnp-web-frontend.yaml', 55, 'allow-rule-unused'],
    ]);
    const otel = json.unusedAllows[0];
    expect(otel.message).toContain(
      'drop eu-west/platform/Deployment/feature-flags → eu-west/platform/Deployment/otel-collector 4317/TCP',
    );
    expect(otel.suggestion.title).toBe(
      'Replace ingress[0] of CiliumNetworkPolicy platform/otel-collector with 6 least-privilege policies for the observed traffic',
    );
    expect(otel.suggestion.yaml).toContain(
      'app.kubernetes.io/name: checkout-api',
    );
    expect(otel.suggestion.yaml).not.toContain('feature-flags');
    expect(json.unusedAllows[3].suggestion).toEqual({
      title: 'Remove egress[4] of CiliumNetworkPolicy storefront/web-frontend',
    });
  });

  it('pins the JSON shape (docs/cli.md)', () => {
    const { json } = flowsJson(['--window', '7d']);
    expect(Object.keys(json)).toEqual([
      'window',
      'input',
      'summary',
      'aggregates',
      'unusedAllows',
    ]);
    expect(Object.keys(json.input)).toEqual(['files', 'errors']);
    expect(Object.keys(json.summary)).toEqual([
      'flows',
      'replies',
      'outsideWindow',
      'aggregates',
      'overflow',
      'byClassification',
      'unexpected',
      'unusedAllows',
    ]);
    expect(Object.keys(json.aggregates[0])).toEqual([
      'source',
      'destination',
      'protocol',
      'port',
      'verdict',
      'dropReason',
      'type',
      'count',
      'firstSeen',
      'lastSeen',
      'classification',
      'cause',
      'causes',
      'reason',
      'decidedBy',
    ]);
    expect(Object.keys(json.unusedAllows[0])).toEqual([
      'ruleId',
      'severity',
      'message',
      'uri',
      'range',
      'suggestion',
    ]);
    expect(json.window).toEqual({
      from: '2026-11-28T21:00:00.133Z',
      to: '2026-12-05T21:00:00.133Z',
    });
  });

  it('--window counts back from the newest flow; --overlay-time names the stale overlay', () => {
    const { json } = flowsJson(['--window', '12h']);
    expect(json.window.to).toBe('2026-12-05T21:00:00.133Z');
    expect(json.summary.outsideWindow).toBeGreaterThan(1000);
    expect(json.aggregates[0].classification).toBe('unexpected-dropped');
    // Over the last 12 hours nothing used the OTLP paths: more rules are unused.
    expect(json.summary.unusedAllows).toBeGreaterThan(4);
    expect(json.unusedAllows[0].message).toContain(
      'in the last 12h of the recording',
    );
    const stale = flowsJson(['--overlay-time', '2026-12-05T00:00:00Z']).json;
    expect(stale.aggregates[0]).toMatchObject({
      classification: 'unexpected-dropped',
      cause: 'overlay-older-than-flow',
    });
  });

  it('text and md name the classification, the rule with file:line, counts and times', () => {
    const text = runCli(base);
    expect(text.code).toBe(1);
    const lines = text.out.split('\n');
    expect(lines[0]).toBe(
      '1268 flows (400 replies) from 2 files, window: all flows',
    );
    expect(lines[2]).toBe(
      'unexpected-dropped: eu-west/storefront/Deployment/web-frontend → us-east/storefront/Deployment/recommendations TCP/50051 DROPPED (POLICY_DENIED) ×6 (first 2026-12-05T09:00:00.261191947Z, last 2026-12-05T11:30:00.305572045Z)',
    );
    expect(lines[3]).toBe('  cause: unsupported-feature');
    expect(lines[4]).toMatch(
      /^ {2}egress allowed by CiliumNetworkPolicy storefront\/web-frontend egress\[5\] \(.*examples\/overlay\/eu-west\/storefront\/cnp-web-frontend\.yaml:63\)$/,
    );
    expect(text.out).toContain(
      'NetworkPolicy payments/default-deny (isolates egress)',
    );
    expect(text.out).toContain(
      '4 allow rules with unused paths (tightening candidates):',
    );
    const md = runCli([...base, '--format', 'md']);
    expect(md.out).toContain(
      '| classification | source | destination | port | Hubble | count | first seen | last seen | decided by | cause |',
    );
    expect(md.out).toContain(
      '| unexpected-dropped | eu-west/storefront/Deployment/web-frontend |',
    );
    expect(md.out).toContain('## Allow rules with unused paths');
  });

  it('reads stdin ("-"); exits 0 when nothing is unexpected', () => {
    const expected = fs
      .readFileSync(EU, 'utf8')
      .split('\n')
      .filter(l => l && !l.includes('192.0.2.44'));
    const r = withStdin(
      [
        'flows',
        EXAMPLES,
        '--clusters-from-dirs',
        '--flows',
        '-',
        '--format',
        'json',
      ],
      expected.join('\n'),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.input.files[0]).toMatchObject({
      file: '<stdin>',
      flows: expected.length,
    });
    expect(json.summary.unexpected).toBe(0);
  });

  it('bad lines: located errors, the rest still attributed, counted; --strict fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-flows-'));
    const file = path.join(dir, 'bad.jsonl');
    const good = fs.readFileSync(EU, 'utf8').split('\n').slice(0, 3);
    fs.writeFileSync(
      file,
      [
        good[0],
        good[1].replace(/"destination_port":\d+/, '"destination_port":"http"'),
        '{not json',
        good[2],
        JSON.stringify({ node_status: { state_change: 'NODE_CONNECTED' } }),
      ].join('\n'),
    );
    try {
      const r = runCli([
        'flows',
        EXAMPLES,
        '--clusters-from-dirs',
        '--flows',
        file,
        '--format',
        'json',
      ]);
      const name = path.relative(process.cwd(), file);
      expect(r.err.split('\n')).toEqual([
        `${name}:2: error flow.l4.TCP.destination_port: flow.l4.TCP.destination_port must be a port number (0–65535), got "http"`,
        expect.stringMatching(
          new RegExp(`^${name.replace(/[.]/g, '\\.')}:3: error not JSON: `),
        ),
        'ytk: 2 bad flow lines skipped; attributed every other flow',
        '',
      ]);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out);
      expect(json.input.files).toEqual([
        { file: name, lines: 5, flows: 2, skipped: 1, errors: 2 },
      ]);
      expect(json.input.errors.map((e: any) => [e.line, e.field])).toEqual([
        [2, 'flow.l4.TCP.destination_port'],
        [3, ''],
      ]);
      expect(json.summary.flows).toBe(2);
      const strict = runCli([
        'flows',
        EXAMPLES,
        '--clusters-from-dirs',
        '--flows',
        file,
        '--strict',
      ]);
      expect(strict.code).toBe(2);
      expect(strict.err).toContain(
        'ytk: 2 bad flow lines; nothing evaluated (--strict)',
      );
      expect(strict.out).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['flows', EXAMPLES], /--flows <file> is required/],
    [[...base, '--window', 'a week'], /--window must be a positive duration/],
    [[...base, '--window', '0d'], /--window must be a positive duration/],
    [[...base, '--overlay-time', 'yesterday'], /--overlay-time must be/],
    [[...base, '--format', 'html'], /--format must be one of text, json, md/],
    [['flows', EXAMPLES, '--flows', '/nonexistent/flows.jsonl'], /cannot read/],
    [
      ['flows', EXAMPLES, '--flows', '-', '--flows', '-'],
      /stdin \("-"\) can be read only once/,
    ],
  ])('usage and input errors exit 2: %j', (argv, message) => {
    const r = withStdin(argv as string[], '');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
  });

  it('--help', () => {
    const r = runCli(['flows', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: ytk flows <path>... --flows <file>');
  });
});
