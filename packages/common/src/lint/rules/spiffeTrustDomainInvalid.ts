import type { Hit } from '../types';
import { defineRule } from '../rule';
import { isObj, str } from '../util/access';
import { nameOf, ofKind } from '../util/policies';
import { trustDomainError } from '../util/spiffe';
import { rangeOf, uriOf } from '../util/text';
import { federatedTrustDomain } from './spiffeExamples';

const body = (td: string) => `
trustDomain: ${td}
bundleEndpointURL: https://spire.partner.example:8443
bundleEndpointProfile:
  type: https_web
`;

/** S05: invalid or duplicate federated trust domain names, unparsable bundles. */
export const spiffeTrustDomainInvalid = defineRule(
  {
    id: 'spiffe-federated-trust-domain-invalid',
    semanticsId: 'S05',
    title: 'Invalid or duplicate federated trust domain',
    severity: 'error',
    category: 'spiffe',
    threat: 'misconfiguration',
    rationale:
      "The CRD pattern for `trustDomain` is unanchored; the webhook's real check only accepts lowercase letters, digits, dots, dashes and underscores. Each trust domain may be declared by one ClusterFederatedTrustDomain only, and `trustDomainBundle` must parse as a SPIFFE bundle (JSON).",
    badExample: `${federatedTrustDomain('partner', body('partner.example'))}---
${federatedTrustDomain('partner-again', body('partner.example'))}`,
    goodExample: `${federatedTrustDomain('partner', body('partner.example'))}---
${federatedTrustDomain('other', body('other.example'))}`,
    appliesTo: ['ClusterFederatedTrustDomain'],
    needsContext: false,
  },
  ctx => {
    const all = ofKind(ctx.resources, 'ClusterFederatedTrustDomain');
    const seen = new Map<string, (typeof all)[number]>();
    return all.flatMap(r => {
      const spec = (r.object as { spec?: unknown }).spec;
      if (!isObj(spec)) return [];
      const hits: Hit[] = [];
      const td = str(spec.trustDomain);
      if (td !== undefined) {
        const err = trustDomainError(td);
        if (err)
          hits.push({
            resource: r,
            path: ['spec', 'trustDomain'],
            message: `trustDomain "${td}" is invalid: ${err}.`,
          });
        const prev = seen.get(td);
        if (prev) {
          hits.push({
            resource: r,
            path: ['spec', 'trustDomain'],
            message: `trust domain ${td} is already declared by ClusterFederatedTrustDomain ${nameOf(prev)}.`,
            related: [
              {
                uri: uriOf(prev),
                range: rangeOf(prev, ['spec', 'trustDomain']),
                message: 'first declaration',
              },
            ],
          });
        } else seen.set(td, r);
      }
      const bundle = str(spec.trustDomainBundle);
      if (bundle !== undefined && bundle.trim() !== '') {
        let ok = false;
        try {
          const parsed = JSON.parse(bundle);
          ok = isObj(parsed) && Array.isArray(parsed.keys);
        } catch {
          ok = false;
        }
        if (!ok)
          hits.push({
            resource: r,
            path: ['spec', 'trustDomainBundle'],
            message:
              'trustDomainBundle is not a SPIFFE bundle (JWKS JSON with "keys").',
          });
      }
      return hits;
    });
  },
);
