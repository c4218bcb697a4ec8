import type { Hit } from '../types';
import type { Workload } from '../../model';
import { defineRule } from '../rule';
import { arr, isObj, portText, str } from '../util/access';
import { subjectWorkloads, targetClusters } from '../util/context';
import { portRules, ports } from '../util/l7';
import { ciliumRules, npRules } from '../util/policies';
import { np } from './examples';

/** The selected workloads are only needed for named ports: most rules have none. */
function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

function defines(
  ws: Workload[],
  name: string,
  protocol: string | undefined,
): boolean {
  const n = name.toLowerCase();
  return ws.some(w =>
    w.ports.some(
      p =>
        p.name?.toLowerCase() === n &&
        (!protocol || protocol === 'ANY' || p.protocol === protocol),
    ),
  );
}

/** K07: a named port that no destination workload defines (ingress: the selected pods). */
export const namedPortUnresolved = defineRule(
  {
    id: 'named-port-unresolved',
    semanticsId: 'K07',
    title: 'Named port not defined on the destination',
    severity: 'error',
    category: 'selection',
    threat: 'denial-of-service',
    rationale:
      'A named port resolves against the container ports of the pod receiving the connection. If no selected pod defines that name (with that protocol), the port entry matches nothing and the allow is void.',
    badExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: web
    ports:
      - port: postgres
`),
    goodExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: web
    ports:
      - port: pg
`),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: true,
  },
  ctx => {
    const clusters = targetClusters(ctx);
    if (clusters.length === 0) return [];
    const everyone = (ctx.overlay?.clusters ?? []).flatMap(c => c.workloads);
    const hits: Hit[] = [];
    const named = (v: unknown) => {
      const t = portText(v);
      return t !== undefined && !/^\d+$/.test(t) ? t : undefined;
    };
    for (const r of npRules(ctx.resources)) {
      const spec = (r.resource.object as { spec?: { podSelector?: unknown } })
        .spec;
      const dest = lazy(() =>
        r.direction === 'ingress'
          ? clusters.flatMap(c =>
              subjectWorkloads(r.resource, c, spec?.podSelector ?? {}),
            )
          : everyone,
      );
      (arr(r.rule.ports) ?? []).forEach((p, i) => {
        if (!isObj(p)) return;
        const name = named(p.port);
        if (
          !name ||
          dest().length === 0 ||
          defines(dest(), name, str(p.protocol) ?? 'TCP')
        )
          return;
        hits.push({
          resource: r.resource,
          path: [...r.path, 'ports', i, 'port'],
          message: `no ${r.direction === 'ingress' ? 'selected' : 'destination'} workload defines port "${name}"${p.protocol ? `/${p.protocol}` : ''}: this entry matches nothing.`,
        });
      });
    }
    for (const r of ciliumRules(ctx.resources)) {
      const dest = lazy(() =>
        r.direction === 'ingress'
          ? clusters.flatMap(c =>
              subjectWorkloads(r.resource, c, r.owner.spec.endpointSelector),
            )
          : everyone,
      );
      for (const pr of portRules(r)) {
        ports(pr).forEach((p, i) => {
          const name = named(p.port);
          if (
            !name ||
            dest().length === 0 ||
            defines(dest(), name, str(p.protocol)?.toUpperCase())
          )
            return;
          hits.push({
            resource: r.resource,
            path: [...pr.path, 'ports', i, 'port'],
            message: `no ${r.direction === 'ingress' ? 'selected' : 'destination'} workload defines port "${name}": this entry matches nothing.`,
          });
        });
      }
    }
    return hits;
  },
);
