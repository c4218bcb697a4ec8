import {
  annotateIstio,
  computeConnectivity,
  type Connection,
} from '@ytknetwork/common';
import { parseCommandArgs } from '../args';
import { parseEndpointArg } from '../endpointArg';
import { EXIT_OK } from '../errors';
import {
  ignoredPolicies,
  inputProblemsJson,
  reportIgnoredPolicies,
} from '../inputReport';
import {
  connectivityToJson,
  CONNECTIVITY_FORMATS,
  renderConnections,
  type ConnectivityFormat,
} from '../format/connections';
import { loadOverlay } from '../load';
import {
  enforcersJson,
  reportCalicoClusters,
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
  --enforcer <kind>         kubernetes | cilium | calico (default: cilium where a cilium-config
                            says so, else calico where Calico policy or Tier objects are)
  --host-network <mode>     pod | node: hostNetwork pods under the kubernetes enforcer
                            (default pod, as netpol-analyzer; cilium is always node)
  --strict                  any input error fails (exit 2) instead of being reported
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
  reportProblems(io, problems, { strict: values.strict === true });
  const ignored = ignoredPolicies(overlay);
  reportIgnoredPolicies(io, ignored);
  reportCalicoClusters(io, overlay);
  let scope;
  if (typeof values.focus === 'string') {
    const focus = parseEndpointArg(overlay, 'focus', values.focus);
    if ('workload' in focus) scope = { workloads: [focus.workload] };
  }
  const connectivity = computeConnectivity(overlay, scope);
  // Istio's posture at each destination, where its cluster has Istio objects (docs/istio.md).
  const connections: Connection[] = annotateIstio(
    overlay,
    connectivity.connections,
  );
  const format = ((values.format as string) ?? 'text') as ConnectivityFormat;
  if (format === 'json') {
    // Additive fields (docs/cli.md): the input problems and left-out policies as data.
    const json = {
      ...connectivityToJson(connections),
      ...inputProblemsJson(problems, ignored),
      // Only with a calico cluster: how its enforcer was chosen (docs/calico.md).
      ...(overlay.clusters.some(c => c.enforcer === 'calico')
        ? { enforcers: enforcersJson(overlay) }
        : {}),
    };
    io.out(`${JSON.stringify(json, null, 2)}\n`);
  } else io.out(renderConnections(connections, format));
  return EXIT_OK;
}
