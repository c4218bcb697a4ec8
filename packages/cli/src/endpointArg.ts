import {
  parseEndpointText,
  parsePortText,
  type Endpoint,
  type Overlay,
  type Protocol,
} from '@ytknetwork/common';
import { CliInputError } from './errors';

/**
 * A flow end given on the command line: a workload (`cluster/ns/kind/name`, `ns/name` or `name`),
 * an entity (`world` or `entity:host`), or an address (`203.0.113.7` or a CIDR).
 */
export function parseEndpointArg(
  overlay: Overlay,
  flag: string,
  value: string,
): Endpoint {
  const endpoint = parseEndpointText(overlay, value);
  if (endpoint) return endpoint;
  const known = overlay.clusters
    .flatMap(c => c.workloads.map(w => w.ref))
    .slice(0, 8);
  throw new CliInputError(
    `--${flag}: no workload "${value}"${
      known.length
        ? ` (known: ${known.join(', ')}${known.length === 8 ? ', …' : ''})`
        : ''
    }`,
  );
}

/** `443/TCP`, `53/udp` or `8080` (TCP). */
export function parsePortArg(value: string): {
  port: number;
  protocol: Protocol;
} {
  const parsed = parsePortText(value);
  if (!parsed)
    throw new CliInputError(
      `--port: expected PORT[/TCP|UDP|SCTP] with PORT in 1-65535 (got "${value}")`,
    );
  return parsed;
}
