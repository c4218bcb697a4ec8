import { buildOverlay } from '../overlay';
import { ingestText } from '../resources';
import { assessPosture } from './assess';

/* PR01 / PR02 (default deny) in a calico cluster: isolation is a tier with defaultAction Deny that applies. */
const DOCS = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: b, labels: {app: api}}
spec: {containers: [{name: c}]}
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: platform}
spec: {order: 10, defaultAction: Pass}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: platform.observe}
spec:
  tier: platform
  selector: all()
  types: [Ingress, Egress]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: isolate, namespace: a}
spec:
  selector: all()
  types: [Ingress]
`;

describe('assessPosture in a calico cluster', () => {
  const overlay = buildOverlay([
    { name: 'c1', resources: ingestText(DOCS, 'c1.yaml').resources },
  ]);
  const report = assessPosture(overlay);
  const status = (req: string, boundary: string) =>
    report.results.find(r => r.requirement === req && r.boundary === boundary)
      ?.status;

  it('a default-tier policy isolates (the tier ends with Deny); a Pass tier does not', () => {
    expect(overlay.clusters[0].enforcer).toBe('calico');
    expect(status('PR01', 'c1/a')).toBe('met');
    expect(status('PR02', 'c1/a')).toBe('not met');
    expect(status('PR01', 'c1/b')).toBe('not met');
    const evidence = report.results.find(
      r => r.requirement === 'PR01' && r.boundary === 'c1/a',
    )!.evidence;
    expect(evidence.map(e => e.text)).toEqual([
      'CalicoNetworkPolicy a/isolate isolates ingress',
    ]);
  });
});
