import { Link } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import type { DecidingRule } from '@ytknetwork/common';
import { ruleLine, ruleName, rulePolicyLink } from './format';

/** Deciding rules with their policy line, each linked to its policy's view. */
export function RuleList(props: { rules: DecidingRule[]; basePath: string }) {
  if (props.rules.length === 0) return null;
  return (
    <ul style={{ margin: 0, paddingLeft: 16 }}>
      {props.rules.map(r => {
        const link = rulePolicyLink(r, props.basePath);
        const line = ruleLine(r);
        return (
          <li
            key={`${r.policyId}#${r.section}#${r.specIndex}#${r.ruleIndex}`}
            data-testid="ytk-flow-rule"
          >
            <Typography variant="body2" component="span">
              {link ? <Link to={link}>{ruleName(r)}</Link> : ruleName(r)} (
              {r.action})
              {line && (
                <>
                  {' '}
                  at <code data-testid="ytk-flow-rule-line">{line}</code>
                </>
              )}
            </Typography>
          </li>
        );
      })}
    </ul>
  );
}
