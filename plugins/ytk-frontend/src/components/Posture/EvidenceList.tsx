import { Link } from '@backstage/core-components';
import type { PostureEvidenceView } from '@ytknetwork/common';
import {
  policyIdPath,
  ruleDocUrl,
  useRulesBaseUrl,
} from '../FindingsTable/ruleLinks';

/** `file:line` of an evidence item's source position (1-based line, as an editor shows it). */
function where(e: PostureEvidenceView): string | undefined {
  if (!e.location) return undefined;
  const file = e.location.uri.split('/').slice(-2).join('/');
  return `${file}:${e.location.range.start.line + 1}`;
}

/**
 * The evidence of one result. A policy, and a finding located in a policy, open that policy's
 * view (its YAML with the findings on their lines); a finding elsewhere opens its rule's page;
 * the rest (cilium-config keys, SPIRE registrations, connections, workloads) have no view of
 * their own in the portal and show their source position.
 */
export function EvidenceList(props: {
  evidence: PostureEvidenceView[];
  hidden?: number;
  /** Items the answer left out beyond its bound. */
  more?: number;
  /** The network page: policy views are below it. */
  basePath: string;
}) {
  const rulesBase = useRulesBaseUrl();
  const base = props.basePath.replace(/\/$/, '');
  return (
    <ul style={{ margin: 0, paddingLeft: 16 }}>
      {props.evidence.map((e, i) => {
        const path = e.policyId ? policyIdPath(e.policyId) : undefined;
        let to: string | undefined;
        if (path) to = `${base}/${path}`;
        else if (e.kind === 'finding' && e.ref)
          to = ruleDocUrl(rulesBase, e.ref);
        const at = where(e);
        return (
          <li key={i} data-evidence-kind={e.kind}>
            {to ? (
              <Link to={to} data-testid="ytk-posture-evidence-link">
                {e.text}
              </Link>
            ) : (
              e.text
            )}
            {at && !path && <span style={{ opacity: 0.7 }}> ({at})</span>}
          </li>
        );
      })}
      {props.hidden ? (
        <li>{props.hidden} more in policies you may not read</li>
      ) : null}
      {props.more ? (
        <li>
          {props.more} more (all of them: <code>ytk posture --format json</code>
          )
        </li>
      ) : null}
    </ul>
  );
}
