import {
  buildOverlay,
  lint,
  toSarif,
  type EnforcerKind,
  type Finding,
  type HostNetworkMode,
  type Severity,
} from '@ytknetwork/common';
import { parseCommandArgs } from '../args';
import { EXIT_FOUND, EXIT_OK } from '../errors';
import { loadSnapshots } from '../load';
import {
  ENFORCERS,
  HOST_NETWORK_MODES,
  reportProblems,
  type Io,
} from './shared';

export const LINT_HELP = `Usage: ytk lint <path>... [options]

Lints NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy,
AdminNetworkPolicy / BaselineAdminNetworkPolicy, Istio PeerAuthentication /
AuthorizationPolicy, SPIRE ClusterSPIFFEID / ClusterFederatedTrustDomain and
cilium-config documents: schema problems and the rule catalogue (docs/rules).
Exit 1 when an error is reported.

Options:
  --context <path>          manifests forming the overlay for context rules (repeatable)
  --clusters-from-dirs      each subdirectory of a given directory is one cluster
  --cluster <name>          cluster of the linted files otherwise (default "default")
  --enforcer <kind>         kubernetes | cilium | calico
  --host-network <mode>     pod | node (as for ytk connectivity; shapes the context overlay)
  --cilium-version <v>      Cilium version to check against (e.g. 1.19)
  --format <fmt>            text | json | sarif (default text)
  --min-severity <s>        error | warning | info (default info)
`;

const SEVERITY_RANK: Record<Severity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

export function renderFindingsText(findings: Finding[]): string {
  if (findings.length === 0) return 'no findings\n';
  const lines = findings.map(
    f =>
      `${f.uri}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId}: ${f.message}`,
  );
  const count = (s: Severity) => findings.filter(f => f.severity === s).length;
  lines.push(
    '',
    `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`,
  );
  return `${lines.join('\n')}\n`;
}

/** The public JSON shape (0-based positions), documented in docs/cli.md. */
export function findingsToJson(findings: Finding[]) {
  return {
    findings: findings.map(f => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      message: f.message,
      uri: f.uri,
      range: f.range,
      ...(f.fix ? { fix: f.fix } : {}),
      ...(f.related?.length ? { related: f.related } : {}),
    })),
  };
}

export function runLint(argv: string[], io: Io, version = '0.0.0'): number {
  const { values, positionals } = parseCommandArgs('lint', argv, {
    context: { type: 'string', multiple: true },
    'clusters-from-dirs': { type: 'boolean' },
    cluster: { type: 'string' },
    enforcer: { type: 'string', choices: ENFORCERS },
    'host-network': { type: 'string', choices: HOST_NETWORK_MODES },
    'cilium-version': { type: 'string' },
    format: { type: 'string', choices: ['text', 'json', 'sarif'] },
    'min-severity': { type: 'string', choices: ['error', 'warning', 'info'] },
    help: { type: 'boolean' },
  });
  if (values.help) {
    io.out(LINT_HELP);
    return EXIT_OK;
  }
  const loadOptions = {
    clustersFromDirs: values['clusters-from-dirs'] === true,
    cluster: values.cluster as string | undefined,
    hostNetwork: values['host-network'] as HostNetworkMode | undefined,
  };
  const input = loadSnapshots(positionals, loadOptions);
  const contextPaths = (values.context as string[] | undefined) ?? [];
  // Context rules see the overlay formed by --context, or else by the linted files themselves.
  // Context files go through the same ingestion policy; their problems are not findings
  // (they are not the files being linted) but are printed so nothing is dropped silently.
  let contextSnapshots = input.snapshots;
  if (contextPaths.length) {
    const context = loadSnapshots(contextPaths, loadOptions);
    reportProblems(io, context.problems);
    contextSnapshots = context.snapshots;
  }
  const overlay = buildOverlay(contextSnapshots);
  const all: Finding[] = [];
  for (const snapshot of input.snapshots) {
    const uris = new Set(snapshot.resources.map(r => r.source?.uri));
    all.push(
      ...lint(
        {
          resources: snapshot.resources,
          problems: input.problems.filter(
            p => uris.has(p.uri) || input.snapshots.length === 1,
          ),
        },
        {
          overlay,
          cluster: snapshot.name,
          enforcer: values.enforcer as EnforcerKind | undefined,
          ciliumVersion: values['cilium-version'] as string | undefined,
        },
      ),
    );
  }
  const min = SEVERITY_RANK[(values['min-severity'] as Severity) ?? 'info'];
  const findings = all.filter(f => SEVERITY_RANK[f.severity] <= min);
  switch (values.format) {
    case 'json':
      io.out(`${JSON.stringify(findingsToJson(findings), null, 2)}\n`);
      break;
    case 'sarif':
      io.out(
        `${JSON.stringify(toSarif(findings, { toolVersion: version }), null, 2)}\n`,
      );
      break;
    default:
      io.out(renderFindingsText(findings));
  }
  return findings.some(f => f.severity === 'error') ? EXIT_FOUND : EXIT_OK;
}
