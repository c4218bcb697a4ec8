import { lint } from '../lint';
import { decode } from '../__testutils__/decode';
import { namesGateway } from './ciliumEntityWorld';

const worldPolicy = (labels: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {matchLabels: {${labels}}}
  ingress:
  - fromEntities: [world]
`;

const worldFindings = (labels: string) =>
  lint(decode(worldPolicy(labels)), {}).filter(
    f => f.ruleId === 'cilium-entity-world',
  );

describe('cilium-entity-world gateway heuristic', () => {
  it('matches whole words of label values and keys', () => {
    for (const t of [
      'ingress-gateway',
      'istio-ingressgateway',
      'edge',
      'edge-proxy',
      'envoy',
    ])
      expect(namesGateway(t)).toBe(true);
    expect(namesGateway('Gateway_API')).toBe(true);
  });

  it('never matches substrings of other words', () => {
    for (const t of [
      'knowledge-base',
      'hedgehog',
      'proxyless',
      'galaxy',
      'ledger',
      'congress',
      'envoyer',
    ])
      expect(namesGateway(t)).toBe(false);
  });

  it('warns on world for a workload merely containing "edge"/"proxy" letters, not for a gateway', () => {
    expect(worldFindings('app: knowledge-base')).toHaveLength(1);
    expect(worldFindings('app: proxyless-db')).toHaveLength(1);
    expect(worldFindings('app: edge-proxy')).toHaveLength(0);
    expect(worldFindings('istio: ingressgateway')).toHaveLength(0);
  });
});
