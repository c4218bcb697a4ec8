import type { Overlay } from '@ytknetwork/common';
import { peerWorkloads, policyAtLine, policyEffect } from './effect';
import { ENTITY_DOCS, FIELD_DOCS, WELL_KNOWN_PORTS } from './fieldDocs';
import type { PathAt } from './yamlPath';

const SELECTOR_KEYS = new Set(['endpointSelector', 'podSelector']);
const PEER_KEYS = new Set([
  'fromEndpoints',
  'toEndpoints',
  'from',
  'to',
  'fromEntities',
  'toEntities',
  'fromCIDR',
  'toCIDR',
  'fromCIDRSet',
  'toCIDRSet',
]);
const SECTIONS = new Set(['ingress', 'egress', 'ingressDeny', 'egressDeny']);
const MAX_LISTED = 12;

function listRefs(refs: string[]): string {
  const shown = refs.slice(0, MAX_LISTED).map(r => `- \`${r}\``);
  if (refs.length > MAX_LISTED)
    shown.push(`- … ${refs.length - MAX_LISTED} more`);
  return shown.join('\n');
}

/** Where a path sits in a policy: spec index, section and rule index, when inside a rule. */
export function ruleCoordinates(path: Array<string | number>) {
  let specIndex = 0;
  let i = 0;
  if (path[0] === 'specs' && typeof path[1] === 'number') {
    specIndex = path[1];
    i = 2;
  } else if (path[0] === 'spec') i = 1;
  else return undefined;
  const section = path[i];
  const ruleIndex = path[i + 1];
  if (typeof section !== 'string' || !SECTIONS.has(section))
    return { specIndex };
  return {
    specIndex,
    section,
    ruleIndex: typeof ruleIndex === 'number' ? ruleIndex : undefined,
    rest: path.slice(i + 2),
  };
}

/** Markdown for the node under the cursor: what the field means and, in context, what it selects. */
export function hoverText(
  at: PathAt,
  ctx: { overlay: Overlay; uri: string; line: number },
): string | undefined {
  const parts: string[] = [];
  const keys = at.path.filter((p): p is string => typeof p === 'string');
  const key = at.onKey ? keys[keys.length - 1] : undefined;
  const parentKey = keys[keys.length - 1];
  if (key && FIELD_DOCS[key]) parts.push(`**${key}** — ${FIELD_DOCS[key]}`);
  if (
    !at.onKey &&
    typeof at.value === 'string' &&
    /Entities$/.test(parentKey ?? '')
  ) {
    const doc = ENTITY_DOCS[at.value];
    parts.push(
      doc
        ? `**entity \`${at.value}\`** — ${doc}`
        : `**\`${at.value}\`** is not a Cilium entity.`,
    );
  }
  if (!at.onKey && (parentKey === 'port' || parentKey === 'containerPort')) {
    const n = Number(at.value);
    const name = WELL_KNOWN_PORTS[n];
    parts.push(
      Number.isInteger(n)
        ? `**port ${n}**${name ? ` — usually ${name}` : ''}`
        : `**named port \`${at.value}\`** — resolved against the destination pods' container ports.`,
    );
  }
  const policy = policyAtLine(ctx.overlay, ctx.uri, ctx.line);
  if (policy) {
    const coords = ruleCoordinates(at.path);
    const inSubject = keys.some(k => SELECTOR_KEYS.has(k)) && !coords?.section;
    if (inSubject) {
      const subjects = policyEffect(ctx.overlay, policy).subjects;
      parts.push(
        `Selects **${subjects.length}** workload${subjects.length === 1 ? '' : 's'} in \`${policy.cluster}\`:\n${listRefs(subjects)}`,
      );
    } else if (
      coords?.section &&
      coords.ruleIndex !== undefined &&
      coords.rest?.some(p => typeof p === 'string' && PEER_KEYS.has(p))
    ) {
      const peers = peerWorkloads(
        ctx.overlay,
        policy,
        coords.section,
        coords.specIndex,
        coords.ruleIndex,
      );
      parts.push(
        `This rule's peers match **${peers.length}** workload${peers.length === 1 ? '' : 's'}:\n${listRefs(peers)}`,
      );
    }
  }
  return parts.length ? parts.join('\n\n') : undefined;
}
