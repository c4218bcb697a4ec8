import type {
  Connection,
  ConnectionIstio,
  IstioPosture,
  Overlay,
  Workload,
} from '../model';
import { istioPosture } from './istio';

/**
 * The destination's declared TCP container ports that a connection allows: the ports Istio's
 * `portLevelMtls` is keyed by, and a bounded set even when the connection allows every port.
 */
export function allowedDeclaredPorts(
  conn: Connection,
  dst: Workload,
): number[] {
  const declared = dst.ports.filter(p => p.protocol === 'TCP').map(p => p.port);
  const ranges = conn.ports;
  if (ranges === 'all') return [...new Set(declared)];
  return [
    ...new Set(
      declared.filter(p =>
        ranges.some(
          r =>
            r.protocol === 'TCP' &&
            (r.port === undefined ||
              (p >= r.port && p <= (r.endPort ?? r.port))),
        ),
      ),
    ),
  ];
}

/** The first TCP port a connection names, for a destination that declares none. */
function someAllowedPort(conn: Connection): number | undefined {
  if (conn.ports === 'all') return 0;
  const tcp = conn.ports.find(r => r.protocol === 'TCP');
  if (!tcp) return undefined;
  return tcp.port ?? 0;
}

/**
 * Adds `istio` to each connection whose destination is a workload of a cluster with Istio
 * security objects. Additive: `ports` and the verdict are unchanged.
 */
export function annotateIstio(
  overlay: Overlay,
  connections: Connection[],
): Connection[] {
  const withIstio = new Set(
    overlay.clusters.filter(c => c.istio).map(c => c.name),
  );
  if (withIstio.size === 0) return connections;
  const workloads = new Map<string, Workload>();
  for (const c of overlay.clusters)
    if (withIstio.has(c.name))
      for (const w of c.workloads) workloads.set(w.ref, w);
  const sources = new Map<string, Workload>();
  for (const c of overlay.clusters)
    for (const w of c.workloads) sources.set(w.ref, w);
  return connections.map(conn => {
    if (!('workload' in conn.to)) return conn;
    const dst = workloads.get(conn.to.workload);
    if (!dst) return conn;
    const src =
      'workload' in conn.from ? sources.get(conn.from.workload) : undefined;
    const istio = connectionIstio(overlay, conn, dst, src);
    return istio ? { ...conn, istio } : conn;
  });
}

function connectionIstio(
  overlay: Overlay,
  conn: Connection,
  dst: Workload,
  src: Workload | undefined,
): ConnectionIstio | undefined {
  const ports = allowedDeclaredPorts(conn, dst);
  const postures: Array<{ port?: number; posture: IstioPosture }> = [];
  for (const port of ports) {
    const posture = istioPosture(overlay, dst, port, src);
    if (posture) postures.push({ port, posture });
  }
  if (!ports.length) {
    const port = someAllowedPort(conn);
    const posture =
      port === undefined ? undefined : istioPosture(overlay, dst, port, src);
    if (posture) postures.push({ posture });
  }
  if (!postures.length) return undefined;
  const modes = new Set(postures.map(p => p.posture.mtls));
  return {
    mtls: modes.size === 1 ? postures[0].posture.mtls : 'mixed',
    ports: postures.flatMap(p =>
      p.port === undefined ? [] : [{ port: p.port, mtls: p.posture.mtls }],
    ),
    ...(postures.some(p => p.posture.authorization === 'may-deny')
      ? { authorization: 'may-deny' as const }
      : {}),
  };
}
