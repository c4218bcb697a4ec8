import {
  explainFlow,
  type DecidingRule,
  type Overlay,
  type SideVerdict,
  type Verdict,
} from '@ytknetwork/common';
import { parseCommandArgs } from '../args';
import { parseEndpointArg, parsePortArg } from '../endpointArg';
import { CliInputError, EXIT_FOUND, EXIT_OK } from '../errors';
import { endpointLabel } from '../format/endpoint';
import { loadOverlay } from '../load';
import {
  enforcerChoice,
  INPUT_OPTIONS,
  loadOptionsFrom,
  reportProblems,
  type Io,
} from './shared';

export const EXPLAIN_HELP = `Usage: ytk explain <path>... --from <endpoint> --to <endpoint> --port <port>[/<proto>] [options]

Decides one flow as the enforcers would and says why: the egress side in the source's
cluster, the ingress side in the destination's, and the rules that decided each.

Endpoints: a workload (cluster/namespace/kind/name, namespace/name or name), an entity
(world, host, remote-node, kube-apiserver, …) or an address/CIDR.

Options:
  --from, --to, --port      the flow (port like 443/TCP; TCP when no protocol is given)
  --expect <allowed|denied> exit 1 when the verdict differs (for CI checks)
  --format <fmt>            text | json (default text)
  --clusters-from-dirs, --cluster <name>, --enforcer <kind>, --host-network <mode>, --strict
                            as for ytk connectivity
`;

function ruleLine(r: DecidingRule): string {
  const where = r.location
    ? ` (${r.location.uri}:${r.location.range.start.line + 1})`
    : '';
  const spec = r.specIndex ? ` specs[${r.specIndex}]` : '';
  const auth = r.auth === 'required' ? ', authentication required' : '';
  const prio = r.priority !== undefined ? ` (priority ${r.priority})` : '';
  const name = r.ruleName ? ` "${r.ruleName}"` : '';
  const policy = `${r.policyKind} ${r.namespace ? `${r.namespace}/` : ''}${r.policyName}`;
  if (r.tier !== undefined) {
    // calico enforcer: where the rule sits in Calico's order (docs/calico.md).
    const order = r.order !== undefined ? `, order ${r.order}` : '';
    const as = r.calicoName ? ` as ${r.calicoName}` : '';
    if (r.tierDefault)
      return `      ${r.action} by the end of tier ${r.tier} (defaultAction): ${policy}${as}${order} applies${where}`;
    return `      ${r.action} by ${policy}${as} (tier ${r.tier}${order}) ${r.section}[${r.ruleIndex}]${where}`;
  }
  return `      ${r.action} by ${policy}${prio}${spec} ${r.section}[${r.ruleIndex}]${name}${auth}${where}`;
}

/** `enforcer calico in c1 (detected: Calico objects)` for calico clusters, so the choice is visible. */
function enforcerLines(overlay: Overlay, v: Verdict): string[] {
  const names = new Set(
    [v.egress, v.ingress].flatMap(s =>
      s.enforcer === 'calico' && s.cluster ? [s.cluster] : [],
    ),
  );
  return overlay.clusters
    .filter(c => names.has(c.name))
    .map(c => `  enforcer in ${c.name}: ${enforcerChoice(c)}`);
}

function sideText(side: SideVerdict): string {
  const head = `  ${side.direction.padEnd(7)} ${side.allowed ? 'ALLOW' : 'DENY '} (${side.outcome}${side.cluster ? `, cluster ${side.cluster}` : ''}${side.enforcer ? `, ${side.enforcer}` : ''}${side.layer ? `, decided by ${side.layer === 'default' ? 'the default (allow)' : side.layer}${side.tier ? ` ${side.tier}` : ''}` : ''})`;
  return [
    head,
    `      ${side.reason}`,
    ...side.rules.map(ruleLine),
    ...(side.passedBy ?? []).map(ruleLine),
  ].join('\n');
}

function istioText(p: NonNullable<Verdict['istio']>): string[] {
  const at = (l?: { uri: string; range: { start: { line: number } } }) =>
    l ? ` (${l.uri}:${l.range.start.line + 1})` : '';
  const pa = p.peerAuthentication;
  const mode =
    p.mtls === 'none'
      ? 'mTLS none (no Istio proxy)'
      : `mTLS ${p.mtls}${pa ? ` by PeerAuthentication ${pa.namespace}/${pa.name} (${pa.scope}${pa.portLevel ? ', port level' : ''})${at(pa.location)}` : ' (Istio default)'}`;
  return [
    `  istio   ${mode}; mesh ${p.mesh}${p.authorization === 'may-deny' ? '; an AuthorizationPolicy may still deny (L7, not evaluated)' : ''}`,
    ...(p.authorizationPolicies ?? []).map(
      a =>
        `      ${a.action}${a.dryRun ? ' (dry-run)' : ''} AuthorizationPolicy ${a.namespace}/${a.name}${at(a.location)}`,
    ),
    ...p.notes.map(n => `      ${n}`),
  ];
}

export function renderVerdictText(v: Verdict, overlay?: Overlay): string {
  const f = v.flow;
  return `${[
    `${endpointLabel(f.from)} -> ${endpointLabel(f.to)} ${f.port}/${f.protocol}: ${v.allowed ? 'ALLOWED' : 'DENIED'}${v.crossCluster ? ' (cross-cluster)' : ''}`,
    ...(overlay ? enforcerLines(overlay, v) : []),
    sideText(v.egress),
    sideText(v.ingress),
    ...(v.istio ? istioText(v.istio) : []),
    ...v.reasons.map(r => `  - ${r}`),
  ].join('\n')}\n`;
}

export function runExplain(argv: string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('explain', argv, {
    ...INPUT_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    port: { type: 'string' },
    expect: { type: 'string', choices: ['allowed', 'denied'] },
    format: { type: 'string', choices: ['text', 'json'] },
  });
  if (values.help) {
    io.out(EXPLAIN_HELP);
    return EXIT_OK;
  }
  for (const flag of ['from', 'to', 'port'])
    if (typeof values[flag] !== 'string')
      throw new CliInputError(`ytk explain: --${flag} is required`);
  const { overlay, problems } = loadOverlay(
    positionals,
    loadOptionsFrom(values),
  );
  reportProblems(io, problems, { strict: values.strict === true });
  const { port, protocol } = parsePortArg(values.port as string);
  const verdict = explainFlow(overlay, {
    from: parseEndpointArg(overlay, 'from', values.from as string),
    to: parseEndpointArg(overlay, 'to', values.to as string),
    port,
    protocol,
  });
  io.out(
    values.format === 'json'
      ? `${JSON.stringify(verdict, null, 2)}\n`
      : renderVerdictText(verdict, overlay),
  );
  if (values.expect && (values.expect === 'allowed') !== verdict.allowed)
    return EXIT_FOUND;
  return EXIT_OK;
}
