import {
  arrayOf,
  bool,
  has,
  objectOf,
  oneOf,
  pattern,
  refine,
  str,
} from './fields';
import { k8sSelector } from './selectors';

/* spire.spiffe.io/v1alpha1, with the spire-controller-manager webhook checks (SEMANTICS §5.2). */

export function trustDomainName(s: string): string | undefined {
  return /^[a-z0-9._-]{1,255}$/.test(s)
    ? undefined
    : 'a trust domain is 1–255 of lowercase letters, digits, ".", "_" or "-"';
}

export function spiffeId(s: string): string | undefined {
  const m = /^spiffe:\/\/([^/]+)(\/.*)?$/.exec(s);
  if (!m || trustDomainName(m[1]))
    return 'must be spiffe://<trust-domain>/<path>';
  if (
    m[2] &&
    (/\/\/|\/$/.test(m[2]) ||
      /\/\.\.?(\/|$)/.test(m[2]) ||
      !/^[/A-Za-z0-9._-]*$/.test(m[2]))
  ) {
    return 'path segments must be non-empty, not "." or "..", of letters, digits, ".", "_" or "-"';
  }
  return undefined;
}

export const clusterSpiffeIdSpec = objectOf(
  {
    spiffeIDTemplate: pattern(s =>
      s.trim() ? undefined : 'must not be empty',
    ),
    podSelector: k8sSelector,
    namespaceSelector: k8sSelector,
    federatesWith: arrayOf(pattern(trustDomainName)),
    dnsNameTemplates: arrayOf(str),
    workloadSelectorTemplates: arrayOf(str),
    ttl: str,
    jwtTtl: str,
    admin: bool,
    downstream: bool,
    autoPopulateDNSNames: bool,
    fallback: bool,
    hint: str,
    className: str,
  },
  { required: ['spiffeIDTemplate'] },
);

function httpsUrl(s: string): string | undefined {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol !== 'https:') return 'scheme must be https';
  if (!url.hostname) return 'host is required';
  if (url.username || url.password) return 'userinfo is not allowed';
  return undefined;
}

const bundleEndpointProfile = refine(
  objectOf<{ type?: string; endpointSPIFFEID?: string }>(
    {
      type: oneOf(['https_web', 'https_spiffe'] as const),
      endpointSPIFFEID: pattern(spiffeId),
    },
    { required: ['type'] },
  ),
  (profile, raw, path, ctx) => {
    if (profile.type === 'https_spiffe' && !has(raw, 'endpointSPIFFEID')) {
      ctx.error(
        'missing-field',
        [...path, 'endpointSPIFFEID'],
        'is required when type is https_spiffe',
      );
    }
    if (
      profile.type === 'https_web' &&
      typeof raw.endpointSPIFFEID === 'string' &&
      raw.endpointSPIFFEID !== ''
    ) {
      ctx.error(
        'invalid-combination',
        [...path, 'endpointSPIFFEID'],
        'must be empty when type is https_web',
        true,
      );
    }
  },
);

export const clusterFederatedTrustDomainSpec = objectOf(
  {
    trustDomain: pattern(trustDomainName),
    bundleEndpointURL: pattern(httpsUrl),
    bundleEndpointProfile,
    trustDomainBundle: str,
    className: str,
  },
  { required: ['trustDomain', 'bundleEndpointURL', 'bundleEndpointProfile'] },
);
