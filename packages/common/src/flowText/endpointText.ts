import type { Protocol } from '../model/kube';
import type { Endpoint } from '../model/flow';
import type { Overlay } from '../model/overlay';
import { findWorkload } from '../overlay';
import { CILIUM_ENTITIES } from '../resources';

const ENTITIES = new Set<string>(CILIUM_ENTITIES);
const CIDR = /^[0-9a-fA-F:.]+\/\d{1,3}$/;
const IP = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]*:[0-9a-fA-F:]+$/;

/**
 * One end of a flow as people type it (CLI flags, query strings, forms): a workload
 * (`cluster/namespace/kind/name`, `namespace/name` or `name`), an entity (`world`, `entity:host`),
 * or an address (`cidr:10.0.0.0/8`, `10.0.0.0/8`, `203.0.113.7`). Undefined when nothing matches.
 */
export function parseEndpointText(
  overlay: Overlay,
  text: string,
): Endpoint | undefined {
  const workload = findWorkload(overlay, text);
  if (workload) return { workload: workload.ref };
  const entity = text.startsWith('entity:')
    ? text.slice('entity:'.length)
    : text;
  if (ENTITIES.has(entity)) return { entity };
  const block = text.startsWith('cidr:') ? text.slice('cidr:'.length) : text;
  if (CIDR.test(block)) return { cidr: block };
  if (IP.test(block))
    return { cidr: `${block}/${block.includes(':') ? 128 : 32}` };
  return undefined;
}

/** `443/TCP`, `53/udp` or `8080` (TCP); undefined unless the port is in 1–65535. */
export function parsePortText(
  text: string,
): { port: number; protocol: Protocol } | undefined {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  const port = m ? Number(m[1]) : NaN;
  if (!m || port < 1 || port > 65535) return undefined;
  return { port, protocol: (m[2] ?? 'TCP').toUpperCase() as Protocol };
}
