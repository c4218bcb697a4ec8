import { ResourceDef } from './catalogue';
import { KubeObject } from './selectors';
import { fail } from './status';

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

interface Cause {
  reason: string;
  message: string;
  field: string;
}

function checkLabels(labels: unknown, causes: Cause[]) {
  if (labels === undefined) return;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.labels',
      message: 'must be a map',
    });
    return;
  }
  for (const [k, v] of Object.entries(labels)) {
    const field = `metadata.labels`;
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if (
      (prefix !== undefined &&
        (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) ||
      name.length > 63 ||
      !LABEL_NAME.test(name)
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.'`,
      });
    }
    if (
      typeof v !== 'string' ||
      v.length > 63 ||
      (v !== '' && !LABEL_NAME.test(v))
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: "${String(v)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`,
      });
    }
  }
}

/**
 * The generic object-meta checks every write goes through (what dry run
 * exists to catch): name syntax and label syntax. Answers 422 Invalid.
 */
export function validateObject(r: ResourceDef, obj: KubeObject) {
  const causes: Cause[] = [];
  const name = obj.metadata?.name ?? '';
  const nameRe = r.plural === 'namespaces' ? DNS_LABEL : DNS_SUBDOMAIN;
  const max = r.plural === 'namespaces' ? 63 : 253;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  } else if (name.length > max || !nameRe.test(name)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${r.plural === 'namespaces' ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.'`,
    });
  }
  checkLabels(obj.metadata?.labels, causes);
  if (causes.length > 0) {
    const group = r.group ? `.${r.group}` : '';
    throw fail(
      422,
      `${r.kind}${group} "${name}" is invalid: ${causes.map(c => `${c.field}: ${c.message}`).join(', ')}`,
      { details: { name, group: r.group, kind: r.plural, causes } },
    );
  }
}
