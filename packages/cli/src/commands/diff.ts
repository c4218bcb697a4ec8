import {
  annotateIstio,
  computeConnectivity,
  diffConnectivity,
  type Connectivity,
  type ConnectivityDiff,
  type Overlay,
} from '@ytknetwork/common';
import { parseCommandArgs } from '../args';
import { CliInputError, EXIT_FOUND, EXIT_OK } from '../errors';
import { connectionToJson, istioLabel } from '../format/connections';
import { endpointLabel, portsLabel } from '../format/endpoint';
import { ignoredPolicies, reportIgnoredPolicies } from '../inputReport';
import { loadOverlay } from '../load';
import {
  INPUT_OPTIONS,
  loadOptionsFrom,
  reportProblems,
  type Io,
} from './shared';

export const DIFF_HELP = `Usage: ytk diff <before> <after> [options]

Compares the connectivity of two versions of the manifests (files or directories):
added, removed and changed connections. Exit 1 when anything differs.

Options:
  --format <fmt>            text | json (default text)
  --clusters-from-dirs, --cluster <name>, --enforcer <kind>, --host-network <mode>, --strict
                            as for ytk connectivity
`;

export function renderDiffText(diff: ConnectivityDiff): string {
  const lines: string[] = [];
  for (const c of diff.added)
    lines.push(
      `+ ${endpointLabel(c.from)} -> ${endpointLabel(c.to)}  ${portsLabel(c.ports)}`,
    );
  for (const c of diff.removed)
    lines.push(
      `- ${endpointLabel(c.from)} -> ${endpointLabel(c.to)}  ${portsLabel(c.ports)}`,
    );
  for (const { before, after } of diff.changed) {
    const b = istioLabel(before) ?? 'no Istio';
    const a = istioLabel(after) ?? 'no Istio';
    lines.push(
      `~ ${endpointLabel(after.from)} -> ${endpointLabel(after.to)}  ${portsLabel(before.ports)} => ${portsLabel(after.ports)}${before.authRequired !== after.authRequired ? ` (auth ${before.authRequired ? 'required' : 'none'} => ${after.authRequired ? 'required' : 'none'})` : ''}${a !== b ? ` (${b} => ${a})` : ''}`,
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : 'no connectivity changes\n';
}

/** Connectivity with Istio's posture per destination, so a PeerAuthentication change shows. */
function annotated(overlay: Overlay): Connectivity {
  const c = computeConnectivity(overlay);
  return { ...c, connections: annotateIstio(overlay, c.connections) };
}

export function runDiff(argv: string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('diff', argv, {
    ...INPUT_OPTIONS,
    format: { type: 'string', choices: ['text', 'json'] },
  });
  if (values.help) {
    io.out(DIFF_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 2)
    throw new CliInputError(
      'ytk diff: expected exactly two paths: <before> <after>',
    );
  const options = loadOptionsFrom(values);
  const before = loadOverlay([positionals[0]], options);
  const after = loadOverlay([positionals[1]], options);
  reportProblems(io, [...before.problems, ...after.problems], {
    strict: values.strict === true,
  });
  reportIgnoredPolicies(io, [
    ...ignoredPolicies(before.overlay),
    ...ignoredPolicies(after.overlay),
  ]);
  const diff = diffConnectivity(
    annotated(before.overlay),
    annotated(after.overlay),
  );
  if (values.format === 'json') {
    io.out(
      `${JSON.stringify(
        {
          added: diff.added.map(connectionToJson),
          removed: diff.removed.map(connectionToJson),
          changed: diff.changed.map(c => ({
            before: connectionToJson(c.before),
            after: connectionToJson(c.after),
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else io.out(renderDiffText(diff));
  const changed =
    diff.added.length + diff.removed.length + diff.changed.length > 0;
  return changed ? EXIT_FOUND : EXIT_OK;
}
