import { defineRule } from '../rule';
import { isObj, str } from '../util/access';
import { ofKind } from '../util/policies';
import { trustDomainOf } from '../util/spiffe';
import { federatedTrustDomain } from './spiffeExamples';

const BODY = `
trustDomain: partner.example
bundleEndpointURL: https://spire.partner.example:8443
bundleEndpointProfile:
  type: https_spiffe
  endpointSPIFFEID: spiffe://partner.example/spire/server
`;

/** S06: a self-serving https_spiffe endpoint needs an initial bundle to bootstrap. */
export const spiffeSelfServingNoBundle = defineRule(
  {
    id: 'spiffe-https-spiffe-without-bundle',
    semanticsId: 'S06',
    title: 'Self-serving https_spiffe endpoint without initial bundle',
    severity: 'warning',
    category: 'spiffe',
    threat: 'denial-of-service',
    rationale:
      'With `https_spiffe` the bundle endpoint authenticates with an SVID of the endpoint ID. When that ID belongs to the federated trust domain itself, the first fetch cannot be authenticated without an initial `trustDomainBundle`: federation never starts.',
    badExample: federatedTrustDomain('partner', BODY),
    goodExample: federatedTrustDomain(
      'partner',
      `${BODY.trim()}\ntrustDomainBundle: '{"keys": []}'`,
    ),
    appliesTo: ['ClusterFederatedTrustDomain'],
    needsContext: false,
  },
  ctx =>
    ofKind(ctx.resources, 'ClusterFederatedTrustDomain').flatMap(r => {
      const spec = (r.object as { spec?: unknown }).spec;
      if (!isObj(spec) || !isObj(spec.bundleEndpointProfile)) return [];
      const p = spec.bundleEndpointProfile;
      const eid = str(p.endpointSPIFFEID);
      if (str(p.type) !== 'https_spiffe' || !eid) return [];
      if (trustDomainOf(eid) !== str(spec.trustDomain)) return [];
      if (str(spec.trustDomainBundle)?.trim()) return [];
      return [
        {
          resource: r,
          path: ['spec', 'bundleEndpointProfile', 'type'],
          message:
            'self-serving https_spiffe endpoint without trustDomainBundle: the first bundle fetch cannot be authenticated.',
        },
      ];
    }),
);
