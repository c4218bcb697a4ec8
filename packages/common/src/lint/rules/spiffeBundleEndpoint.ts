import type { Hit } from '../types';
import { defineRule } from '../rule';
import { isObj, str } from '../util/access';
import { ofKind } from '../util/policies';
import { spiffeIdError } from '../util/spiffe';
import { federatedTrustDomain } from './spiffeExamples';

/** Parses a URL without relying on a global URL implementation's leniency. */
function urlProblem(url: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(url);
  if (!m) return 'is not an absolute URL';
  if (m[1].toLowerCase() !== 'https')
    return `uses scheme ${m[1]}; https is required`;
  if (m[2].includes('@')) return 'must not carry userinfo';
  if (m[2] === '' || m[2].startsWith(':')) return 'has no host';
  return undefined;
}

/** S05: bundle endpoint URL and profile problems the webhook rejects. */
export const spiffeBundleEndpoint = defineRule(
  {
    id: 'spiffe-bundle-endpoint-invalid',
    semanticsId: 'S05',
    title: 'Invalid federation bundle endpoint',
    severity: 'error',
    category: 'spiffe',
    threat: 'interception',
    rationale:
      'A ClusterFederatedTrustDomain needs an `https` bundleEndpointURL with a host and no userinfo; profile `https_spiffe` requires `endpointSPIFFEID` (a valid SPIFFE ID) and `https_web` forbids it. The webhook rejects anything else, and federation with that domain does not work.',
    badExample: federatedTrustDomain(
      'partner',
      `
trustDomain: partner.example
bundleEndpointURL: http://spire.partner.example:8443
bundleEndpointProfile:
  type: https_web
  endpointSPIFFEID: spiffe://partner.example/spire/server
`,
    ),
    goodExample: federatedTrustDomain(
      'partner',
      `
trustDomain: partner.example
bundleEndpointURL: https://spire.partner.example:8443
bundleEndpointProfile:
  type: https_spiffe
  endpointSPIFFEID: spiffe://partner.example/spire/server
`,
    ),
    appliesTo: ['ClusterFederatedTrustDomain'],
    needsContext: false,
  },
  ctx =>
    ofKind(ctx.resources, 'ClusterFederatedTrustDomain').flatMap(r => {
      const spec = (r.object as { spec?: unknown }).spec;
      if (!isObj(spec)) return [];
      const hits: Hit[] = [];
      const url = str(spec.bundleEndpointURL);
      const problem = url !== undefined ? urlProblem(url) : undefined;
      if (problem)
        hits.push({
          resource: r,
          path: ['spec', 'bundleEndpointURL'],
          message: `bundleEndpointURL ${problem}.`,
        });
      const profile = isObj(spec.bundleEndpointProfile)
        ? spec.bundleEndpointProfile
        : undefined;
      if (profile) {
        const type = str(profile.type);
        const eid = str(profile.endpointSPIFFEID);
        const base = ['spec', 'bundleEndpointProfile'];
        if (type !== 'https_web' && type !== 'https_spiffe') {
          hits.push({
            resource: r,
            path: [...base, 'type'],
            message: `bundleEndpointProfile.type "${type ?? ''}" must be https_web or https_spiffe.`,
          });
        } else if (type === 'https_web' && eid) {
          hits.push({
            resource: r,
            path: [...base, 'endpointSPIFFEID'],
            message: 'endpointSPIFFEID must be empty for https_web.',
          });
        } else if (type === 'https_spiffe' && !eid) {
          hits.push({
            resource: r,
            path: [...base, 'type'],
            message: 'https_spiffe requires endpointSPIFFEID.',
          });
        } else if (type === 'https_spiffe' && eid && spiffeIdError(eid)) {
          hits.push({
            resource: r,
            path: [...base, 'endpointSPIFFEID'],
            message: `endpointSPIFFEID is invalid: ${spiffeIdError(eid)}.`,
          });
        }
      }
      return hits;
    }),
);
