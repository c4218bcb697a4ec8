import type { HostNetworkMode, EnforcerKind } from '../model';
import { decodeText } from '../resources/decode';
import { explainFlow } from '../verdict/explainFlow';
import { computeConnectivity } from '../connectivity/compute';
import { buildOverlay } from './buildOverlay';

/*
 * Host-network pods (docs/host-network.md): the kubernetes enforcer treats them as pods by
 * default (np-guard netpol-analyzer does not special-case hostNetwork), `node` makes them node
 * traffic; Cilium always gives them the host identity.
 */
const MANIFESTS = [
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: mon}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      hostNetwork: true\n      containers: [{name: a, ports: [{containerPort: 9100}]}]',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prom, namespace: mon}\nspec:\n  selector: {matchLabels: {app: prom}}\n  template:\n    metadata: {labels: {app: prom}}\n    spec: {containers: [{name: p}]}',
  // Default deny on ingress for everything in mon.
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: mon}\nspec: {podSelector: {}, policyTypes: [Ingress]}',
].join('\n---\n');

const overlay = (enforcer: EnforcerKind, hostNetwork?: HostNetworkMode) =>
  buildOverlay([
    {
      name: 'c',
      enforcer,
      ...(hostNetwork ? { hostNetwork } : {}),
      resources: decodeText(MANIFESTS, 'm.yaml').resources,
    },
  ]);

const toAgent = (o: ReturnType<typeof overlay>) =>
  explainFlow(o, {
    from: { workload: 'c/mon/Deployment/prom' },
    to: { workload: 'c/mon/DaemonSet/agent' },
    port: 9100,
    protocol: 'TCP',
  });

describe('host-network semantics', () => {
  it('kubernetes enforcer, default pod: the default deny selects the host-network DaemonSet', () => {
    const o = overlay('kubernetes');
    expect(o.clusters[0].hostNetwork).toBe('pod');
    const v = toAgent(o);
    expect(v.ingress.outcome).toBe('default-deny');
    expect(v.caveats?.[0]).toMatch(/host-network semantics "pod"/);
    expect(
      computeConnectivity(o).connections.some(
        c => 'workload' in c.to && c.to.workload === 'c/mon/DaemonSet/agent',
      ),
    ).toBe(false);
  });

  it('kubernetes enforcer, node: the host-network DaemonSet is not isolated', () => {
    const v = toAgent(overlay('kubernetes', 'node'));
    expect(v.ingress.outcome).toBe('not-isolated');
    expect(v.allowed).toBe(true);
    expect(v.caveats?.[0]).toMatch(/host-network semantics "node"/);
  });

  it('cilium keeps node semantics whatever is asked', () => {
    const o = overlay('cilium', 'pod');
    expect(o.clusters[0].hostNetwork).toBe('node');
    const v = toAgent(o);
    expect(v.ingress.outcome).toBe('not-isolated');
    expect(v.caveats?.[0]).toMatch(/what Cilium does/);
  });
});
