import { buildOverlay, decodeText, lint } from '@ytknetwork/common';
import { findingsOfPolicy } from '../router/views';
import { findingsByPolicy } from './policyFindings';

// Two files, three policies: two in one multi-document file, so a policy must
// keep only the findings inside its own document's range.
const FILES: Record<string, string> = {
  'file:///repo/a.yaml': `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: api-egress, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: api } }
  egress:
    - toEndpoints: [{ matchLabels: { app: db } }]
      toPorts: [{ ports: [{ port: "5432", protocol: TCP }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: nothing, namespace: shop }
spec:
  podSelector: { matchLabels: { app: ghost } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: nobody } } }]
`,
  'file:///repo/b.yaml': `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: web-egress, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: web } }
  egress:
    - toEndpoints: [{ matchLabels: { app: api } }]
`,
};

describe('findingsByPolicy', () => {
  const decoded = Object.entries(FILES).map(([uri, text]) =>
    decodeText(text, uri),
  );
  const resources = decoded.flatMap(d => d.resources);
  const overlay = buildOverlay([{ name: 'east', resources }], { version: 1 });
  const findings = lint({ resources });
  const policies = overlay.clusters[0].policies;

  it('gives each policy the findings findingsOfPolicy gives it', () => {
    expect(policies).toHaveLength(3);
    // The fixture has findings in both files, or the comparison proves little.
    expect(new Set(findings.map(f => f.uri)).size).toBe(2);
    const byPolicy = findingsByPolicy(policies, findings);
    let total = 0;
    for (const p of policies) {
      const expected = findingsOfPolicy(p, findings);
      expect(byPolicy.get(p.id)).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('gives none to a policy without a source', () => {
    const bare = policies.map(p => ({ ...p, source: undefined }));
    const byPolicy = findingsByPolicy(bare, findings);
    for (const p of bare) expect(byPolicy.get(p.id)).toEqual([]);
  });
});
