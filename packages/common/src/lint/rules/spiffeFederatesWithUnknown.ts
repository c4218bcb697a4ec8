import { defineRule } from '../rule';
import { arr, isObj, str } from '../util/access';
import { ofKind } from '../util/policies';
import { trustDomainError } from '../util/spiffe';
import { clusterSpiffeId, federatedTrustDomain } from './spiffeExamples';

const CSID = clusterSpiffeId(
  'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}',
  '  federatesWith:\n    - partner.example\n',
);

/** S04: federatesWith names a trust domain no ClusterFederatedTrustDomain programs. */
export const spiffeFederatesWithUnknown = defineRule(
  {
    id: 'spiffe-federates-with-unknown',
    semanticsId: 'S04',
    title: 'federatesWith names an unknown trust domain',
    severity: 'error',
    category: 'spiffe',
    threat: 'denial-of-service',
    rationale:
      '`federatesWith` only works for trust domains whose bundle SPIRE knows, i.e. one programmed by a ClusterFederatedTrustDomain. Otherwise the workloads never receive the foreign bundle and cross-domain mTLS fails. An invalid trust domain name is rejected by the webhook.',
    badExample: CSID,
    goodExample: `${CSID}---\n${federatedTrustDomain(
      'partner',
      `
trustDomain: partner.example
bundleEndpointURL: https://spire.partner.example:8443
bundleEndpointProfile:
  type: https_web
`,
    )}`,
    appliesTo: ['ClusterSPIFFEID', 'ClusterFederatedTrustDomain'],
    needsContext: false,
  },
  ctx => {
    const known = new Set<string>();
    for (const r of ofKind(ctx.resources, 'ClusterFederatedTrustDomain')) {
      const td = str(
        (r.object as { spec?: { trustDomain?: unknown } }).spec?.trustDomain,
      );
      if (td) known.add(td);
    }
    for (const c of ctx.overlay?.clusters ?? []) {
      for (const f of c.spiffe.federatedTrustDomains) {
        const td = str(
          (f.object as { spec?: { trustDomain?: unknown } }).spec?.trustDomain,
        );
        if (td) known.add(td);
      }
    }
    return ofKind(ctx.resources, 'ClusterSPIFFEID').flatMap(r => {
      const spec = (r.object as { spec?: unknown }).spec;
      if (!isObj(spec)) return [];
      return (arr(spec.federatesWith) ?? []).flatMap((v, i) => {
        const td = String(v);
        const path = ['spec', 'federatesWith', i];
        const err = trustDomainError(td);
        if (err)
          return [
            {
              resource: r,
              path,
              message: `"${td}" is not a valid trust domain: ${err}.`,
            },
          ];
        if (!known.has(td)) {
          return [
            {
              resource: r,
              path,
              message: `no ClusterFederatedTrustDomain for ${td}: workloads never get its bundle.`,
            },
          ];
        }
        return [];
      });
    });
  },
);
