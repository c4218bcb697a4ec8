import type { Finding } from '@ytknetwork/common';

/** A finding from GET /findings: located in a policy, with that policy's id and cluster. */
export type PolicyFinding = Finding & { policyId?: string; cluster?: string };
