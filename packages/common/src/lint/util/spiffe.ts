/*
 * SPIFFE ID and trust-domain validation (SEMANTICS §5.1, go-spiffe's rules and messages) and a
 * rough renderer for spire-controller-manager's Go text/template ID templates (§5.2).
 */

const TD_CHARS = /^[a-z0-9._-]+$/;
const SEGMENT_CHARS = /^[A-Za-z0-9._-]+$/;

export function trustDomainError(td: string): string | undefined {
  if (td === '') return 'trust domain is missing';
  if (td.length > 255) return 'trust domain is longer than 255 bytes';
  if (!TD_CHARS.test(td)) {
    return 'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores';
  }
  return undefined;
}

/** go-spiffe style error for an ID, or undefined when valid. */
export function spiffeIdError(id: string): string | undefined {
  if (!id.startsWith('spiffe://')) return 'scheme is missing or invalid';
  const rest = id.slice('spiffe://'.length);
  const slash = rest.indexOf('/');
  const td = slash < 0 ? rest : rest.slice(0, slash);
  if (/[?#]/.test(rest)) return 'query and fragment are not allowed';
  if (/[@:]/.test(td)) return 'userinfo and port are not allowed';
  const tdErr = trustDomainError(td);
  if (tdErr) return tdErr;
  if (slash < 0) return undefined;
  const path = rest.slice(slash);
  if (path === '/') return 'path cannot have a trailing slash';
  const segments = path.slice(1).split('/');
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s === '')
      return i === segments.length - 1
        ? 'path cannot have a trailing slash'
        : 'path cannot contain empty segments';
    if (s === '.' || s === '..') return 'path cannot contain dot segments';
    if (!SEGMENT_CHARS.test(s)) {
      return 'path segment characters are limited to letters, numbers, dots, dashes, and underscores';
    }
  }
  return undefined;
}

export function trustDomainOf(id: string): string | undefined {
  const m = /^spiffe:\/\/([^/]*)/.exec(id);
  return m ? m[1] : undefined;
}

export interface RenderResult {
  id: string;
  /** Template actions that resolve to no field (Go prints `<no value>`). */
  unknownFields: string[];
  /** Pod label keys the template reads. */
  labels: string[];
  /** Whether the template reads `.TrustDomain`. */
  usesTrustDomain: boolean;
}

const SAMPLES: Record<string, string> = {
  '.ClusterName': 'cluster',
  '.ClusterDomain': 'cluster.local',
  '.PodMeta.Name': 'pod',
  '.PodMeta.Namespace': 'namespace',
  '.PodMeta.UID': 'uid',
  '.PodMeta.GenerateName': 'pod-',
  '.PodSpec.ServiceAccountName': 'sa',
  '.PodSpec.NodeName': 'node',
  '.PodSpec.Hostname': 'host',
  '.PodSpec.Subdomain': 'sub',
  '.NodeMeta.Name': 'node',
  '.NodeMeta.UID': 'node-uid',
};

/**
 * Renders a ClusterSPIFFEID template with sample pod data; enough to validate its shape.
 * Label lookups render `value` (a pod without the label renders an empty string).
 */
export function renderTemplate(
  template: string,
  trustDomain: string,
): RenderResult {
  const unknownFields: string[] = [];
  const labels: string[] = [];
  let usesTrustDomain = false;
  const id = template.replace(
    /\{\{-?\s*(.*?)\s*-?\}\}/g,
    (_m, action: string) => {
      const a = action.trim();
      if (a === '.TrustDomain') {
        usesTrustDomain = true;
        return trustDomain;
      }
      if (SAMPLES[a] !== undefined) return SAMPLES[a];
      const idx =
        /^index\s+\.(PodMeta|NodeMeta)\.(Labels|Annotations)\s+"([^"]*)"$/.exec(
          a,
        );
      if (idx) {
        if (idx[1] === 'PodMeta' && idx[2] === 'Labels') labels.push(idx[3]);
        return 'value';
      }
      const dotted =
        /^\.(PodMeta|NodeMeta)\.(Labels|Annotations)\.([A-Za-z0-9_]+)$/.exec(a);
      if (dotted) {
        if (dotted[1] === 'PodMeta' && dotted[2] === 'Labels')
          labels.push(dotted[3]);
        return 'value';
      }
      if (/^\.[A-Za-z.]+$/.test(a)) {
        unknownFields.push(a);
        return '<no value>';
      }
      return 'x'; // functions and pipelines: not evaluated
    },
  );
  return { id, unknownFields, labels, usesTrustDomain };
}
