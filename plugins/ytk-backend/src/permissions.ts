import { createPermission } from '@backstage/plugin-permission-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/** Read the overlay: clusters, own workloads, peers, connectivity, explain, lint. */
export const ytkOverlayReadPermission = createPermission({
  name: 'ytk.overlay.read',
  attributes: { action: 'read' },
});

export const YTK_POLICY_RESOURCE_TYPE = 'ytk-policy';

/** Read one policy (its YAML and findings). Conditional on team and cluster. */
export const ytkPolicyReadPermission = createPermission({
  name: 'ytk.policy.read',
  attributes: { action: 'read' },
  resourceType: YTK_POLICY_RESOURCE_TYPE,
});

export const ytkPermissions = [
  ytkOverlayReadPermission,
  ytkPolicyReadPermission,
];

/** What a policy rule decides on: the policy's cluster and the teams owning what it selects. */
export interface YtkPolicyResource {
  id: string;
  cluster: string;
  namespace?: string;
  teams: string[];
}

/** Query form of the rules (the overlay is in memory, so rules apply directly). */
export type YtkPolicyQuery = { team: string[] } | { cluster: string };

export const ytkPolicyResourceRef = createPermissionResourceRef<
  YtkPolicyResource,
  YtkPolicyQuery
>().with({ pluginId: 'ytk', resourceType: YTK_POLICY_RESOURCE_TYPE });

// zod v3 parameter schemas still work; the JSON-schema overload needs zod v4.
const isTeamMember = createPermissionRule<
  YtkPolicyResource,
  YtkPolicyQuery,
  typeof YTK_POLICY_RESOURCE_TYPE,
  { claims: string[] }
>({
  name: 'IS_TEAM_MEMBER',
  description:
    'Allow policies that select workloads owned by one of the given teams (claims)',
  resourceType: YTK_POLICY_RESOURCE_TYPE,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the teams, usually the user ownership claims'),
  }),
  apply: (resource, { claims }) => resource.teams.some(t => claims.includes(t)),
  toQuery: ({ claims }) => ({ team: claims }),
});

const isCluster = createPermissionRule<
  YtkPolicyResource,
  YtkPolicyQuery,
  typeof YTK_POLICY_RESOURCE_TYPE,
  { cluster: string }
>({
  name: 'IS_CLUSTER',
  description: 'Allow policies in the given cluster',
  resourceType: YTK_POLICY_RESOURCE_TYPE,
  paramsSchema: z.object({
    cluster: z.string().describe('Cluster name'),
  }),
  apply: (resource, { cluster }) => resource.cluster === cluster,
  toQuery: ({ cluster }) => ({ cluster }),
});

export const ytkPolicyRules = { isTeamMember, isCluster };

/** For permission policies: `ytkPolicyConditions.isTeamMember({ claims })`. */
export const {
  conditions: ytkPolicyConditions,
  createConditionalDecision: createYtkPolicyConditionalDecision,
} = createConditionExports({
  resourceRef: ytkPolicyResourceRef,
  rules: ytkPolicyRules,
});

/** Open a peering request; the route also requires the source workload to be the caller's team's. */
export const ytkPeeringCreatePermission = createPermission({
  name: 'ytk.peering.create',
  attributes: { action: 'create' },
});

/** Approve or reject a peering request; the route also requires the caller to own the target. */
export const ytkPeeringApprovePermission = createPermission({
  name: 'ytk.peering.approve',
  attributes: { action: 'update' },
});

/** Apply an approved peering request (who, beyond this, is `ytk.peering.applyBy`). */
export const ytkPeeringApplyPermission = createPermission({
  name: 'ytk.peering.apply',
  attributes: { action: 'update' },
});

/** See every peering request (`GET /peering?view=all`, any `GET /peering/:id`). */
export const ytkPeeringAdminPermission = createPermission({
  name: 'ytk.peering.admin',
  attributes: { action: 'read' },
});

export const ytkPeeringPermissions = [
  ytkPeeringCreatePermission,
  ytkPeeringApprovePermission,
  ytkPeeringApplyPermission,
  ytkPeeringAdminPermission,
];
