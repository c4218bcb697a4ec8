import type { AggregateSide, FlowAggregate } from '@ytknetwork/common';
import {
  keyLabel,
  ruleName,
  ruleWhere,
  sortAggregates,
  type FlowsReport,
} from './report';

const verdictText = (a: FlowAggregate) =>
  `${a.verdict}${a.dropReason ? ` (${a.dropReason})` : ''}`;
const portText = (a: FlowAggregate) =>
  a.protocol ? `${a.protocol}/${a.port}` : 'no L4';
const seen = (a: FlowAggregate) =>
  a.firstSeen
    ? `first ${a.firstSeen}, last ${a.lastSeen ?? a.firstSeen}`
    : 'no time';

/** How a side decided, with each rule's file:line. */
function decided(s: AggregateSide): string {
  const rules = s.rules.map(r => `${ruleName(r)} (${ruleWhere(r)})`);
  return `${s.direction} ${s.outcome}${rules.length ? ` by ${rules.join(', ')}` : ''}`;
}

function windowText(r: FlowsReport): string {
  const { from, to } = r.window;
  if (!from && !to) return 'all flows';
  return `${from ?? '…'} to ${to ?? '…'}`;
}

function inputLines(r: FlowsReport): string[] {
  const s = r.aggregation;
  const skipped = r.files.reduce((n, f) => n + f.skipped, 0);
  return [
    `${s.flows} flows (${s.replies} replies) from ${r.files.length} file${r.files.length > 1 ? 's' : ''}, window: ${windowText(r)}` +
      `${r.outsideWindow ? `, ${r.outsideWindow} outside it` : ''}` +
      `${r.errors.length ? `, ${r.errors.length} bad line${r.errors.length > 1 ? 's' : ''} skipped` : ''}` +
      `${skipped ? `, ${skipped} other event${skipped > 1 ? 's' : ''}` : ''}` +
      `${s.overflow.flows ? `, ${s.overflow.flows} flows beyond the aggregate bound` : ''}`,
  ];
}

export function renderFlowsText(r: FlowsReport): string {
  const out: string[] = inputLines(r);
  out.push('');
  for (const a of sortAggregates(r.aggregation.aggregates)) {
    const at = a.attribution;
    out.push(
      `${at.classification}: ${keyLabel(a.source)} → ${keyLabel(a.destination)} ${portText(a)} ${verdictText(a)} ×${a.count} (${seen(a)})`,
    );
    if (at.cause)
      out.push(
        `  cause: ${at.cause}${at.causes && at.causes.length > 1 ? ` (also: ${at.causes.slice(1).join(', ')})` : ''}`,
      );
    for (const s of at.decidedBy) out.push(`  ${decided(s)}`);
    if (at.reason) out.push(`  ${at.reason}`);
  }
  out.push('');
  if (!r.unused.length) out.push('no allow rule without traffic');
  else {
    out.push(
      `${r.unused.length} allow rule${r.unused.length > 1 ? 's' : ''} with unused paths (tightening candidates):`,
    );
    for (const f of r.unused) {
      out.push(`${f.uri}:${f.range.start.line + 1}: ${f.message}`);
      if (f.suggestion) {
        out.push(`  suggestion: ${f.suggestion.title}`);
        if (f.suggestion.yaml)
          out.push(
            ...f.suggestion.yaml
              .trimEnd()
              .split('\n')
              .map(l => `    ${l}`),
          );
      }
    }
  }
  return `${out.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderFlowsMarkdown(r: FlowsReport): string {
  const out: string[] = ['# Observed flows', '', ...inputLines(r), ''];
  out.push(
    '| classification | source | destination | port | Hubble | count | first seen | last seen | decided by | cause |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const a of sortAggregates(r.aggregation.aggregates)) {
    const at = a.attribution;
    out.push(
      `| ${[
        at.classification,
        keyLabel(a.source),
        keyLabel(a.destination),
        portText(a),
        verdictText(a),
        String(a.count),
        a.firstSeen ?? '',
        a.lastSeen ?? '',
        at.decidedBy.map(decided).join('; '),
        at.cause ?? '',
      ]
        .map(cell)
        .join(' | ')} |`,
    );
  }
  out.push('', '## Allow rules with unused paths', '');
  if (!r.unused.length) out.push('None in the window.');
  for (const f of r.unused) {
    out.push(`- \`${f.uri}:${f.range.start.line + 1}\`: ${f.message}`);
    if (f.suggestion) {
      out.push(`  ${f.suggestion.title}`);
      if (f.suggestion.yaml)
        out.push(
          '',
          '  ```yaml',
          ...f.suggestion.yaml
            .trimEnd()
            .split('\n')
            .map(l => `  ${l}`),
          '  ```',
        );
    }
  }
  return `${out.join('\n')}\n`;
}
