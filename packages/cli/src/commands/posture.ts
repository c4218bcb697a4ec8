import {
  assessPosture,
  buildOverlay,
  lint,
  type Finding,
  type PostureScope,
} from '@ytknetwork/common';
import { parseCommandArgs } from '../args';
import { CliInputError, EXIT_FOUND, EXIT_OK } from '../errors';
import { loadSnapshots } from '../load';
import {
  componentOwnsWorkload,
  readCatalogComponents,
  teamName,
} from '../posture/catalog';
import {
  postureToJson,
  postureToSarif,
  renderPostureHtml,
  renderPostureMarkdown,
} from '../posture/render';
import {
  INPUT_OPTIONS,
  loadOptionsFrom,
  reportProblems,
  type Io,
} from './shared';

export const POSTURE_FORMATS = ['md', 'json', 'html', 'sarif'] as const;

export const POSTURE_HELP = `Usage: ytk posture <path>... [options]

The security posture of the overlay (or of one team's workloads): for every requirement of
the catalogue (docs/posture.md) and every trust boundary (cluster, namespace, workload), met,
partly, not met or unknown, with the evidence, and the residual risk by STRIDE category.
Exit 1 when a requirement is not met or partly met.

Options:
  --clusters-from-dirs      each subdirectory of the given directory is one cluster
  --cluster <name>          cluster name for all input otherwise (default "default")
  --enforcer <kind>         kubernetes | cilium | calico (default: cilium where a cilium-config
                            says so, else calico where Calico policy or Tier objects are)
  --host-network <mode>     pod | node (as for ytk connectivity)
  --strict                  any input error fails (exit 2) instead of being reported
  --team-from-catalog <dir> Backstage catalog files: the team's components select its workloads
  --team <name>             the team (a Group name; needed with --team-from-catalog)
  --format <fmt>            md | json | html | sarif (default md)
`;

export function runPosture(argv: string[], io: Io, version = '0.0.0'): number {
  const { values, positionals } = parseCommandArgs('posture', argv, {
    ...INPUT_OPTIONS,
    'team-from-catalog': { type: 'string' },
    team: { type: 'string' },
    format: { type: 'string', choices: POSTURE_FORMATS },
  });
  if (values.help) {
    io.out(POSTURE_HELP);
    return EXIT_OK;
  }
  const loadOptions = loadOptionsFrom(values);
  const input = loadSnapshots(positionals, loadOptions);
  reportProblems(io, input.problems, { strict: values.strict === true });
  const overlay = buildOverlay(input.snapshots);

  let scope: PostureScope = {};
  const catalogDir = values['team-from-catalog'] as string | undefined;
  const team = values.team as string | undefined;
  if (team && !catalogDir)
    throw new CliInputError('ytk posture: --team needs --team-from-catalog');
  if (catalogDir) {
    const components = readCatalogComponents(catalogDir);
    const teams = [
      ...new Set(components.flatMap(c => (c.owner ? [teamName(c.owner)] : []))),
    ].sort();
    if (!team)
      throw new CliInputError(
        `ytk posture: --team-from-catalog needs --team (teams in ${catalogDir}: ${teams.join(', ') || 'none'})`,
      );
    const owned = components.filter(
      c => c.owner && teamName(c.owner) === teamName(team),
    );
    const refs = overlay.clusters.flatMap(c =>
      c.workloads
        .filter(w => owned.some(o => componentOwnsWorkload(o, w)))
        .map(w => w.ref),
    );
    if (refs.length === 0)
      throw new CliInputError(
        `ytk posture: team "${team}" owns no workload of the input (teams in ${catalogDir}: ${teams.join(', ') || 'none'})`,
      );
    scope = { name: teamName(team), workloads: refs };
  }

  // Lint findings over the same input: evidence for the requirements they bear on.
  const findings: Finding[] = [];
  for (const snapshot of input.snapshots) {
    findings.push(
      ...lint(
        { resources: snapshot.resources },
        {
          overlay,
          cluster: snapshot.name,
          enforcer: loadOptions.enforcer,
        },
      ),
    );
  }
  const report = assessPosture(overlay, scope, { findings });
  switch (values.format ?? 'md') {
    case 'json':
      io.out(`${JSON.stringify(postureToJson(report), null, 2)}\n`);
      break;
    case 'html':
      io.out(renderPostureHtml(report));
      break;
    case 'sarif':
      io.out(`${JSON.stringify(postureToSarif(report, version), null, 2)}\n`);
      break;
    default:
      io.out(renderPostureMarkdown(report));
  }
  return report.summary.some(
    s => s.status === 'not met' || s.status === 'partly',
  )
    ? EXIT_FOUND
    : EXIT_OK;
}
