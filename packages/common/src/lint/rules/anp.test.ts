import { buildOverlay } from '../../overlay';
import { lint } from '../lint';
import { decode } from '../__testutils__/decode';
import { anp, banp } from './examples';

const ids = (fs: ReturnType<typeof lint>, prefix = 'anp-') =>
  fs.filter(f => f.ruleId.startsWith(prefix)).map(f => f.ruleId);

const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: guest, labels: {team: guest}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
status: {podIP: 10.1.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: visitor, namespace: guest, labels: {app: visitor}}
spec: {containers: [{name: main}]}
status: {podIP: 10.1.0.9}
`;
const k8sOverlay = (extra = '') =>
  buildOverlay([
    { name: 'c1', resources: decode(WORKLOADS + extra).resources },
  ]);

const tie = (subjectA: string, subjectB: string) =>
  `${anp(`priority: 10\nsubject:\n  ${subjectA}\ningress:\n  - action: Deny\n    from:\n      - namespaces: {}`, 'a')}---\n${anp(`priority: 10\nsubject:\n  ${subjectB}\ningress:\n  - action: Allow\n    from:\n      - namespaces: {}`, 'b')}`;

describe('anp-equal-priority-overlap (K12)', () => {
  it('reports both policies, each pointing at the other', () => {
    const fs = lint(decode(tie('namespaces: {}', 'namespaces: {}')));
    const hits = fs.filter(f => f.ruleId === 'anp-equal-priority-overlap');
    expect(hits).toHaveLength(2);
    expect(hits[0].related?.[0].message).toMatch(/priority 10/);
  });

  it('leaves clearly disjoint subjects alone', () => {
    const fs = lint(
      decode(
        tie(
          'namespaces: {matchLabels: {team: shop}}',
          'namespaces: {matchLabels: {team: guest}}',
        ),
      ),
    );
    expect(ids(fs)).toEqual([]);
  });

  it('with context: subjects that select no common workload are not reported', () => {
    const input = decode(
      tie(
        'namespaces: {matchLabels: {team: shop}}',
        'pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: visitor}}}',
      ),
    );
    expect(ids(lint(input))).toHaveLength(2);
    expect(ids(lint(input, { overlay: k8sOverlay(), cluster: 'c1' }))).toEqual(
      [],
    );
  });

  it('equal priorities with the same action on every rule are harmless', () => {
    const same = tie('namespaces: {}', 'namespaces: {}').replace(
      'action: Allow',
      'action: Deny',
    );
    expect(ids(lint(decode(same)))).toEqual([]);
  });
});

describe('anp-networks-cluster-range (K13)', () => {
  const deny = (cidr: string, action = 'Deny') =>
    anp(
      `priority: 1\nsubject:\n  namespaces: {}\negress:\n  - action: ${action}\n    to:\n      - networks: [${cidr}]`,
    );
  it('names the workloads the CIDR covers when the overlay is known', () => {
    const fs = lint(decode(deny('10.1.0.0/16')), {
      overlay: k8sOverlay(),
      cluster: 'c1',
    });
    const hit = fs.find(f => f.ruleId === 'anp-networks-cluster-range')!;
    expect(hit.message).toMatch(/It covers 2 workloads \(/);
    expect(hit.message).toContain('c1/shop/Pod/web');
    expect(hit.message).toContain('c1/guest/Pod/visitor');
    expect(hit.range.start.line).toBe(11); // the networks line
  });
  it('a Pass rule is the documented way out: not reported', () => {
    expect(ids(lint(decode(deny('10.0.0.0/8', 'Pass'))))).toEqual([]);
  });
});

describe('anp-not-enforced-by-cilium (K14)', () => {
  const input = () =>
    decode(
      `${anp('priority: 1\nsubject:\n  namespaces: {}')}---\n${banp('subject:\n  namespaces: {}')}`,
    );
  it('reports every ANP and BANP under the cilium enforcer', () => {
    expect(ids(lint(input(), { enforcer: 'cilium' }))).toEqual([
      'anp-not-enforced-by-cilium',
      'anp-not-enforced-by-cilium',
    ]);
  });
  it('is quiet under the kubernetes enforcer, and when nothing says Cilium', () => {
    expect(ids(lint(input(), { enforcer: 'kubernetes' }))).toEqual([]);
    expect(ids(lint(input()))).toEqual([]);
    expect(
      ids(lint(input(), { overlay: k8sOverlay(), cluster: 'c1' })),
    ).toEqual([]);
  });
});

describe('K15 is the decoder: CRD rejections are schema findings', () => {
  it.each([
    [
      banp('subject:\n  namespaces: {}').replace('name: default', 'name: x'),
      'schema/invalid-value',
      /must be named "default"/,
    ],
    [
      anp('priority: 1001\nsubject:\n  namespaces: {}'),
      'schema/invalid-value',
      /1001 is out of range 0–1000/,
    ],
  ])('%#', (text, ruleId, message) => {
    const fs = lint(decode(text));
    expect(fs).toEqual([
      expect.objectContaining({
        ruleId,
        severity: 'error',
        message: expect.stringMatching(message),
      }),
    ]);
  });
});

describe('anp-pass-nothing-below (context)', () => {
  const pass = anp(
    'priority: 1\nsubject:\n  namespaces: {matchLabels: {team: shop}}\ningress:\n  - action: Pass\n    from:\n      - namespaces: {}',
  );
  it('is quiet once a NetworkPolicy isolates the subjects (in the cluster or the input)', () => {
    const np = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
`;
    const opts = { overlay: k8sOverlay(), cluster: 'c1' };
    expect(ids(lint(decode(pass), opts))).toEqual(['anp-pass-nothing-below']);
    expect(ids(lint(decode(pass + np), opts))).toEqual([]);
    expect(
      ids(lint(decode(pass), { overlay: k8sOverlay(np), cluster: 'c1' })),
    ).toEqual([]);
  });
});

describe('banp-never-reached (context)', () => {
  const baseline = banp(
    'subject:\n  namespaces: {matchLabels: {team: shop}}\ningress:\n  - action: Deny\n    from:\n      - namespaces: {}\negress:\n  - action: Deny\n    to:\n      - namespaces: {}',
  );
  const isolateIngress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
`;
  it('reports only the direction every subject is isolated in', () => {
    const fs = lint(decode(baseline), {
      overlay: k8sOverlay(isolateIngress),
      cluster: 'c1',
    }).filter(f => f.ruleId === 'banp-never-reached');
    expect(fs.map(f => f.message)).toEqual([
      'every workload this BaselineAdminNetworkPolicy selects (1) is isolated for ingress by a NetworkPolicy: its ingress rules are never reached.',
    ]);
    expect(
      ids(
        lint(decode(baseline), { overlay: k8sOverlay(), cluster: 'c1' }),
        'banp-',
      ),
    ).toEqual([]);
  });
});
