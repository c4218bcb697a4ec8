import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { JsonObject } from '@backstage/types';
import { ytkOverlayReadPermission } from './permissions';
import { callerContext, type RouterDeps } from './router/context';
import { explainForCaller, parseExplainQuery } from './router/flows';
import { teamOverview } from './router/teams';

// The registry serialises outputs as JSON; the engine's interfaces are plain
// data, so a JSON round trip gives the registry the JsonObject it declares.
const asJson = (value: object): JsonObject =>
  JSON.parse(JSON.stringify(value)) as JsonObject;

/**
 * Read-only questions assistants may ask (through the actions registry and
 * its MCP bridge). Each runs with the caller's credentials and the same
 * permission checks and redaction as the REST API.
 */
export function registerYtkActions(
  registry: ActionsRegistryService,
  deps: RouterDeps,
) {
  registry.register({
    name: 'explain-flow',
    title: 'Explain a network flow',
    description:
      'Whether a connection between two endpoints of the live clusters is allowed by ' +
      'their network policies (Kubernetes and Cilium), on the egress and the ingress ' +
      'side, with the deciding rules. Endpoints are workload refs ' +
      '(cluster/namespace/kind/name, namespace/name or name), entities (world, host, ' +
      'kube-apiserver, …) or CIDRs/IPs.',
    visibilityPermission: ytkOverlayReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          from: z.string().describe('Source workload, entity or CIDR'),
          to: z.string().describe('Destination workload, entity or CIDR'),
          port: z
            .string()
            .describe('Port and optional protocol: 443 or 53/UDP'),
        }),
      output: z =>
        z.object({
          verdict: z
            .record(z.unknown())
            .describe('egress and ingress decisions with their deciding rules'),
        }),
    },
    examples: [
      {
        title: 'Can the frontend reach the payments API?',
        input: { from: 'shop/frontend', to: 'shop/payments', port: '443' },
      },
    ],
    action: async ({ input, credentials }) => {
      const query = parseExplainQuery(input, 'input');
      const ctx = await callerContext(deps, credentials);
      const { verdict } = explainForCaller(ctx, query);
      return { output: { verdict: asJson(verdict) } };
    },
  });

  registry.register({
    name: 'team-connectivity',
    title: "A team's network connectivity",
    description:
      "A team's workloads across the clusters, what may connect to them (inbound), " +
      'what they may connect to (outbound) and counts of policy findings. The caller ' +
      'must be a member of the team.',
    visibilityPermission: ytkOverlayReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          team: z
            .string()
            .describe('Group name or ref: team-a or group:default/team-a'),
        }),
      output: z =>
        z.object({
          overview: z
            .record(z.unknown())
            .describe(
              'team, workloads, inbound, outbound, findingCounts, overlayVersion',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      const ctx = await callerContext(deps, credentials);
      const overview = await teamOverview(deps, ctx, input.team);
      return { output: { overview: asJson(overview) } };
    },
  });
}
