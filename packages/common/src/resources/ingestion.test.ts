import { buildOverlay } from '../overlay/buildOverlay';
import { computeConnectivity } from '../connectivity/compute';
import { explainFlow } from '../verdict/explainFlow';
import { decodeText, ingestText } from './decode';
import { isInertPath } from './ingestion';
import { summarize } from './testing';

/*
 * One test per ingestion rule (docs/ingestion.md). Each asserts both the severity and what
 * the engine does with the object, so reverting the rule fails the test.
 */

const overlayOf = (text: string, uri = 'in.yaml') =>
  buildOverlay([{ name: 'c', resources: ingestText(text, uri).resources }]);

const pod = (extra: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels: {app: web}\n${extra}`;

describe('ingestion policy', () => {
  it('a container without a name is a warning and the pod is used', () => {
    const text = pod(
      'spec:\n  containers:\n  - image: nginx\n    ports: [{name: http, containerPort: 8080}]\n',
    );
    const r = decodeText(text, 'p.yaml');
    expect(summarize(r.problems)).toEqual([
      'warning missing-field spec.containers[0].name',
    ]);
    expect(r.problems[0].message).toContain('object used');
    const w = overlayOf(text).clusters[0].workloads;
    expect(w.map(x => x.ref)).toEqual(['c/shop/Pod/web']);
    expect(w[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('image, resources and other container fields of the wrong type are warnings', () => {
    const r = decodeText(
      pod(
        'spec:\n  containers:\n  - name: 7\n    image: [a]\n    resources: 1\n',
      ),
      'p.yaml',
    );
    expect(r.problems.every(p => p.severity === 'warning')).toBe(true);
    expect(summarize(r.problems)).toContain(
      'warning invalid-type spec.containers[0].name',
    );
  });

  it('status and managedFields problems are warnings (full kubectl dumps)', () => {
    const r = decodeText(
      pod(
        '  managedFields: 3\n  annotations: {"bad key!": x}\nspec:\n  containers: [{name: c}]\nstatus:\n  podIP: 7\n',
      ),
      'p.yaml',
    );
    expect(r.problems.map(p => p.severity)).toEqual(['warning', 'warning']);
    expect(summarize(r.problems)).toEqual([
      'warning invalid-value metadata.annotations.bad key!',
      'warning invalid-type status.podIP',
    ]);
  });

  it('unknown fields of a workload are warnings; of a policy rule, errors that leave the policy out', () => {
    const w = decodeText(
      pod('  bogus: 1\nspec:\n  containers: [{name: c}]\n'),
      'p.yaml',
    );
    expect(summarize(w.problems)).toEqual([
      'warning unknown-field metadata.bogus',
    ]);
    const p = decodeText(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n  podSelector: {}\n  ingres: []\n',
      'np.yaml',
    );
    expect(summarize(p.problems)).toEqual(['error unknown-field spec.ingres']);
    expect(p.resources[0].ignored).toContain('unknown field "ingres"');
  });

  it('an ownerReference without apiVersion or kind is a warning; grouping uses what is there', () => {
    const text = [
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-1, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1-a\n  namespace: shop\n  labels: {app: web}\n  ownerReferences:\n  - {name: web-1, kind: ReplicaSet, controller: true}\nspec: {containers: [{name: c}]}',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: loose\n  namespace: shop\n  labels: {app: loose}\n  ownerReferences:\n  - {name: someone}\nspec: {containers: [{name: c}]}',
    ].join('\n---\n');
    const r = decodeText(text, 'o.yaml');
    expect(summarize(r.problems)).toEqual([
      'warning missing-field metadata.ownerReferences[0].apiVersion',
      'warning missing-field metadata.ownerReferences[0].apiVersion',
      'warning missing-field metadata.ownerReferences[0].kind',
    ]);
    const refs = overlayOf(text)
      .clusters[0].workloads.map(w => w.ref)
      .sort();
    expect(refs).toEqual(['c/shop/Pod/loose', 'c/shop/ReplicaSet/web-1']);
  });

  it('a container port without containerPort is a warning; the port is dropped, the pod kept', () => {
    const text = pod(
      'spec:\n  containers:\n  - name: c\n    ports: [{name: metrics}, {name: http, containerPort: 80}]\n',
    );
    const r = decodeText(text, 'p.yaml');
    expect(summarize(r.problems)).toEqual([
      'warning missing-field spec.containers[0].ports[0].containerPort',
    ]);
    expect(overlayOf(text).clusters[0].workloads[0].ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP' },
    ]);
  });

  it('a document without apiVersion/kind (Helm values, CI config, JSON report) is skipped with a note', () => {
    const values = ingestText(
      'replicaCount: 2\nimage: {tag: v1}\n',
      'values.yaml',
    );
    expect(summarize(values.problems)).toEqual(['info not-kubernetes ']);
    expect(values.problems[0].message).toMatch(/document skipped/);
    expect(values.resources).toEqual([]);
    const report = ingestText('[{"check": "ok"}]', 'report.json');
    expect(summarize(report.problems)).toEqual(['info not-kubernetes ']);
  });

  it('an unknown kind (kustomization.yaml) is skipped with a note, never an error', () => {
    const r = ingestText(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n',
      'kustomization.yaml',
    );
    expect(summarize(r.problems)).toEqual(['info unknown-kind kind']);
    expect(r.resources[0].unknownKind).toBe(true);
    expect(
      overlayOf('kind: Kustomization\napiVersion: x/v1\n').clusters[0]
        .workloads,
    ).toEqual([]);
  });

  it('a YAML syntax error drops that file only, with a located error', () => {
    const broken = ingestText(
      `${pod('spec: {containers: [{name: c}]}')}\n---\nkind: Pod\nmetadata: {name: [oops\n`,
      'broken.yaml',
    );
    expect(broken.resources).toEqual([]);
    const codes = broken.problems.map(p => `${p.severity} ${p.code}`);
    expect(codes).toContain('error yaml-syntax');
    expect(codes).toContain('warning file-skipped');
    const fine = ingestText(pod('spec: {containers: [{name: c}]}'), 'ok.yaml');
    expect(fine.resources).toHaveLength(1);
  });

  it('a policy with a malformed selector keeps its error, is left out, and results say so', () => {
    const text = [
      pod('spec: {containers: [{name: c}]}'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\nspec: {containers: [{name: c}]}',
      // Would isolate db; its selector operator is invalid.
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-only, namespace: shop}\nspec:\n  podSelector: {matchExpressions: [{key: app, operator: Is, values: [db]}]}\n  policyTypes: [Ingress]\n',
    ].join('\n---\n');
    const r = decodeText(text, 'mix.yaml');
    const errors = r.problems.filter(p => p.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].path.slice(0, 2)).toEqual(['spec', 'podSelector']);
    const overlay = overlayOf(text);
    const state = overlay.clusters[0];
    expect(state.policies).toEqual([]);
    expect(state.ignoredPolicies?.map(p => p.id)).toEqual([
      'c/shop/NetworkPolicy/db-only',
    ]);
    // The engine does not pretend to know: explain qualifies the answer.
    const v = explainFlow(overlay, {
      from: { workload: 'c/shop/Pod/web' },
      to: { workload: 'c/shop/Pod/db' },
      port: 5432,
      protocol: 'TCP',
    });
    expect(v.caveats?.join('\n')).toMatch(
      /policy NetworkPolicy shop\/db-only ignored .*connectivity for its subjects may differ in the cluster/,
    );
    expect(computeConnectivity(overlay).connections.length).toBeGreaterThan(0);
  });

  it('an invalid port or CIDR in a rule leaves the policy out', () => {
    for (const peer of [
      'ports: [{port: 70000}]',
      'from: [{ipBlock: {cidr: 10.0.0.0/99}}]',
    ]) {
      const r = decodeText(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{${peer}}]\n`,
        'np.yaml',
      );
      expect(r.resources[0].ignored).toBeDefined();
      expect(r.problems.some(p => p.severity === 'error')).toBe(true);
    }
  });

  it('a problem only in a policy status or annotations does not leave it out', () => {
    const r = decodeText(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop, annotations: {"a b": x}}\nspec: {podSelector: {}}\n',
      'np.yaml',
    );
    expect(summarize(r.problems)).toEqual([
      'warning invalid-value metadata.annotations.a b',
    ]);
    expect(r.resources[0].ignored).toBeUndefined();
  });

  it('List and *List dumps are unwrapped, items of typed lists take kind from the list', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'PodList',
      items: [
        {
          metadata: { name: 'a', namespace: 'n', labels: { app: 'a' } },
          spec: { containers: [{ image: 'x' }] },
          status: { podIP: '10.0.0.1', hostIP: '10.1.0.1' },
        },
      ],
    });
    const overlay = overlayOf(json, 'pods.json');
    expect(overlay.clusters[0].workloads.map(w => w.ref)).toEqual([
      'c/n/Pod/a',
    ]);
    const list = overlayOf(
      `apiVersion: v1\nkind: List\nitems:\n- ${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } })}\n`,
    );
    expect(list.clusters[0].namespaces.map(n => n.name)).toEqual(['n']);
  });

  it('classifies paths: status, managedFields, container names are inert; rule fields never', () => {
    expect(isInertPath('Pod', ['status', 'phase'])).toBe(true);
    expect(isInertPath('Pod', ['metadata', 'managedFields', 0])).toBe(true);
    expect(
      isInertPath('Deployment', [
        'spec',
        'template',
        'spec',
        'containers',
        0,
        'name',
      ]),
    ).toBe(true);
    expect(isInertPath('Pod', ['metadata', 'labels', 'x'])).toBe(false);
    expect(isInertPath('NetworkPolicy', ['spec', 'podSelector'])).toBe(false);
  });
});
