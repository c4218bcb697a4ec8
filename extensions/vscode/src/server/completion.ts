import type { Overlay } from '@ytknetwork/common';
import {
  CHILD_FIELDS,
  ENTITY_DOCS,
  FIELD_DOCS,
  KINDS,
  PROTOCOLS,
  SPEC_FIELDS_BY_KIND,
} from './fieldDocs';
import { pathFromIndent } from './yamlPath';

export interface CompletionEntry {
  label: string;
  kind: 'kind' | 'field' | 'entity' | 'protocol' | 'label' | 'value';
  detail?: string;
  documentation?: string;
  insertText?: string;
}

/** Label keys (and their values) carried by workloads in the overlay, for selector completions. */
function labelsSeen(overlay: Overlay): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  const add = (k: string, v: string) => {
    if (!seen.has(k)) seen.set(k, new Set());
    seen.get(k)!.add(v);
  };
  for (const c of overlay.clusters) {
    for (const w of c.workloads) {
      for (const [k, v] of Object.entries(w.labels)) add(k, v);
      add('io.kubernetes.pod.namespace', w.namespace);
      add('io.cilium.k8s.policy.cluster', w.cluster);
    }
  }
  return seen;
}

/**
 * The `kind:` of the YAML document that holds `line` (documents split at `---`); a Calico
 * `NetworkPolicy` (projectcalico.org/v3) is `CalicoNetworkPolicy`, as the decoder names it.
 */
function documentKind(lines: string[], line: number): string | undefined {
  let start = line;
  while (start > 0 && !/^---/.test(lines[start - 1])) start--;
  let end = line;
  while (end < lines.length - 1 && !/^---/.test(lines[end + 1])) end++;
  let kind: string | undefined;
  let calico = false;
  for (let i = start; i <= end; i++) {
    const m = /^kind:\s*(\w+)/.exec(lines[i]);
    if (m && kind === undefined) kind = m[1];
    if (/^apiVersion:\s*(crd\.)?projectcalico\.org\//.test(lines[i]))
      calico = true;
  }
  return kind === 'NetworkPolicy' && calico ? 'CalicoNetworkPolicy' : kind;
}

/** Completions for a position, from the line text and the indentation-derived parent keys. */
export function completionsAt(
  lines: string[],
  line: number,
  character: number,
  overlay: Overlay,
): CompletionEntry[] {
  const before = (lines[line] ?? '').slice(0, character);
  if (/^\s*kind:\s*\w*$/.test(before))
    return KINDS.map(k => ({
      label: k.kind,
      kind: 'kind',
      detail: k.apiVersion,
    }));
  if (/^\s*protocol:\s*\w*$/.test(before))
    return PROTOCOLS.map(p => ({ label: p, kind: 'protocol' }));
  const parents = pathFromIndent(lines, line);
  const parent = parents[parents.length - 1] ?? '';
  const valueOf = /^\s*(?:-\s*)?([\w./-]+):\s*[\w.-]*$/.exec(before);
  if (parent === 'matchLabels' && valueOf) {
    const values = labelsSeen(overlay).get(valueOf[1].replace(/^k8s:/, ''));
    return [...(values ?? [])].sort().map(v => ({ label: v, kind: 'value' }));
  }
  if (/Entities$/.test(parent) && /^\s*-\s*[\w-]*$/.test(before))
    return Object.entries(ENTITY_DOCS).map(([e, doc]) => ({
      label: e,
      kind: 'entity',
      documentation: doc,
    }));
  if (/^\s*(?:-\s*)?[\w./-]*$/.test(before)) {
    if (
      parent === 'matchLabels' ||
      (parent === 'labels' && parents.includes('template'))
    )
      return [...labelsSeen(overlay).keys()].sort().map(k => ({
        label: k,
        kind: 'label',
        insertText: `${k}: `,
      }));
    const byKind =
      parent === 'spec' && parents.length === 1
        ? SPEC_FIELDS_BY_KIND[documentKind(lines, line) ?? '']
        : undefined;
    const fields = byKind ?? CHILD_FIELDS[parent] ?? [];
    return fields.map(f => ({
      label: f,
      kind: 'field',
      documentation: FIELD_DOCS[f],
      insertText: `${f}: `,
    }));
  }
  return [];
}
