import { computeConnectivity, type Connection } from '@ytknetwork/common';
import { parseCommandArgs } from '../args';
import { parseEndpointArg } from '../endpointArg';
import { EXIT_OK } from '../errors';
import {
  CONNECTIVITY_FORMATS,
  renderConnections,
  type ConnectivityFormat,
} from '../format/connections';
import { loadOverlay } from '../load';
import {
  INPUT_OPTIONS,
  loadOptionsFrom,
  reportProblems,
  type Io,
} from './shared';

export const CONNECTIVITY_HELP = `Usage: ytk connectivity <path>... [options]

Who can talk to whom: every allowed directed connection between workloads (and the
world / CIDR peers that policies name), with the ports allowed.

Options:
  --clusters-from-dirs      each subdirectory of the given directory is one cluster
  --cluster <name>          cluster name for all input otherwise (default "default")
  --enforcer <kind>         kubernetes | cilium (default: cilium where a cilium-config says so)
  --focus <workload>        only connections to or from this workload
  --format <fmt>            text | json | csv | md | dot (default text)
`;

export function runConnectivity(argv: string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('connectivity', argv, {
    ...INPUT_OPTIONS,
    focus: { type: 'string' },
    format: { type: 'string', choices: CONNECTIVITY_FORMATS },
  });
  if (values.help) {
    io.out(CONNECTIVITY_HELP);
    return EXIT_OK;
  }
  const { overlay, problems } = loadOverlay(
    positionals,
    loadOptionsFrom(values),
  );
  reportProblems(io, problems);
  let scope;
  if (typeof values.focus === 'string') {
    const focus = parseEndpointArg(overlay, 'focus', values.focus);
    if ('workload' in focus) scope = { workloads: [focus.workload] };
  }
  const connectivity = computeConnectivity(overlay, scope);
  const connections: Connection[] = connectivity.connections;
  io.out(
    renderConnections(
      connections,
      ((values.format as string) ?? 'text') as ConnectivityFormat,
    ),
  );
  return EXIT_OK;
}
