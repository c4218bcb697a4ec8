import type {
  Overlay,
  Policy,
  PostureEvidence,
  PostureReport,
} from '@ytknetwork/common';
import type { RequestContext } from '../router/context';
import { MAX_EVIDENCE, postureView } from './postureView';

const range = (from: number, to: number) => ({
  start: { line: from, character: 0 },
  end: { line: to, character: 0 },
});
// Two policies in one file (lines 0–9 and 10–19): a finding belongs to the one it sits in.
const policy = (name: string, from: number): Policy =>
  ({
    id: `east/shop/NetworkPolicy/${name}`,
    cluster: 'east',
    namespace: 'shop',
    kind: 'NetworkPolicy',
    name,
    source: { uri: 'file:///shop.yaml', range: range(from, from + 9) },
  }) as Policy;
const overlay = {
  version: 7,
  clusters: [
    { name: 'east', policies: [policy('mine', 0), policy('theirs', 10)] },
  ],
} as unknown as Overlay;

const finding = (line: number): PostureEvidence => ({
  kind: 'finding',
  text: 'warning np-allow-all-sources: …',
  ref: 'np-allow-all-sources',
  location: { uri: 'file:///shop.yaml', range: range(line, line) },
});

const report = (evidence: PostureEvidence[]): PostureReport => ({
  catalogueVersion: '1.0.0',
  overlayVersion: 7,
  scope: { name: 'group:default/a', workloads: ['east/shop/Deployment/api'] },
  results: [
    {
      requirement: 'PR04',
      boundary: 'east/shop',
      boundaryKind: 'namespace',
      status: 'partly',
      summary: '…',
      evidence,
    },
  ],
  summary: [
    { requirement: 'PR01', status: 'met' },
    { requirement: 'PR04', status: 'partly' },
  ],
  residualRisk: [],
});

const ctx = {
  overlay,
  canReadPolicy: (p: Policy) => p.name !== 'theirs',
} as unknown as RequestContext;

describe('postureView', () => {
  it('links policy and finding evidence to the policy view, and leaves out what the caller may not read', () => {
    const view = postureView(
      ctx,
      report([
        {
          kind: 'policy',
          text: 'isolates',
          ref: 'east/shop/NetworkPolicy/mine',
        },
        {
          kind: 'policy',
          text: 'isolates',
          ref: 'east/shop/NetworkPolicy/theirs',
        },
        finding(3),
        finding(14),
        {
          kind: 'workload',
          text: 'not isolated',
          ref: 'east/shop/Deployment/api',
        },
        {
          kind: 'finding',
          text: 'in a Deployment',
          ref: 'x',
          location: { uri: 'file:///other.yaml', range: range(1, 1) },
        },
      ]),
    );
    const [result] = view.results;
    expect(result.evidence.map(e => [e.kind, e.policyId])).toEqual([
      ['policy', 'east/shop/NetworkPolicy/mine'],
      ['finding', 'east/shop/NetworkPolicy/mine'],
      ['workload', undefined],
      ['finding', undefined],
    ]);
    expect(result.hiddenEvidence).toBe(2);
    // The status is the report's, whoever asks.
    expect(result.status).toBe('partly');
    expect(view.counts).toEqual({ met: 1, partly: 1, notMet: 0, unknown: 0 });
    expect(view.requirements.length).toBeGreaterThanOrEqual(10);
  });

  it('says nothing of hidden evidence when there is none', () => {
    const view = postureView(ctx, report([finding(2)]));
    expect(view.results[0]).not.toHaveProperty('hiddenEvidence');
    expect(view.results[0].evidence[0].policyId).toBe(
      'east/shop/NetworkPolicy/mine',
    );
  });

  it('answers at most MAX_EVIDENCE items, policies and findings first, and counts the rest', () => {
    const connections: PostureEvidence[] = Array.from(
      { length: 60 },
      (_, i) => ({
        kind: 'connection',
        text: `east/shop/Deployment/api → world (443/TCP) ${i}`,
      }),
    );
    const stored = report([
      ...connections,
      { kind: 'policy', text: 'isolates', ref: 'east/shop/NetworkPolicy/mine' },
    ]);
    // As the service keeps it: 7 more connections already left out.
    const view = postureView(ctx, {
      ...stored,
      results: [{ ...stored.results[0], moreEvidence: 7 }],
    });
    const [result] = view.results;
    expect(result.evidence).toHaveLength(MAX_EVIDENCE);
    expect(result.evidence[0]).toMatchObject({
      kind: 'policy',
      policyId: 'east/shop/NetworkPolicy/mine',
    });
    expect(result.evidence[1].text).toMatch(/ 0$/);
    expect(result.moreEvidence).toBe(61 - MAX_EVIDENCE + 7);
  });
});
