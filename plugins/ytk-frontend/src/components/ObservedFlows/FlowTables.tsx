import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { ObservedEdge, UnusedAllowedPath } from '@ytknetwork/common';
import { endpointKey } from '@ytknetwork/common';
import { observedEndLabel } from '../../graph/observed';
import { formatPorts } from '../../graph/ports';
import { ClassificationChip } from './ClassificationChip';
import { formatSeen, isUnexpectedClass } from './format';
import { UnexpectedCauses } from './ObservedEdgeExplanation';
import { RuleList } from './RuleList';

/** Short values stay on one line; the ends wrap. */
const ONE_LINE = { whiteSpace: 'nowrap' } as const;

/** Identity of an observed edge in the lists (the backend's aggregate key). */
export const observedEdgeKey = (e: ObservedEdge) =>
  [
    e.cluster,
    e.source,
    e.destination,
    e.protocol,
    e.port,
    e.verdict,
    e.dropReason ?? '',
  ].join(' ');

/**
 * Observed edges (forwarded, or dropped attempts with their drop reason): classification,
 * verdict, count, first and last seen, source → destination and port. A click selects one; the
 * unexpected ones stand out and say their likely cause.
 */
export function ObservedEdgesTable(props: {
  edges: ObservedEdge[];
  testId: string;
  empty: string;
  selected?: string;
  onSelect: (e: ObservedEdge) => void;
}) {
  if (props.edges.length === 0)
    return (
      <Typography variant="body2" data-testid={`${props.testId}-empty`}>
        {props.empty}
      </Typography>
    );
  return (
    <Table size="small" data-testid={props.testId}>
      <TableHead>
        <TableRow>
          <TableCell>Classification</TableCell>
          <TableCell>Verdict</TableCell>
          <TableCell align="right">Count</TableCell>
          <TableCell>First seen</TableCell>
          <TableCell>Last seen</TableCell>
          <TableCell>Source → destination</TableCell>
          <TableCell>Port</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.edges.map(e => {
          const key = observedEdgeKey(e);
          const unexpected = isUnexpectedClass(e.classification);
          return (
            <TableRow
              key={key}
              hover
              selected={props.selected === key}
              onClick={() => props.onSelect(e)}
              tabIndex={0}
              onKeyDown={k => {
                if (k.key === 'Enter' || k.key === ' ') {
                  k.preventDefault();
                  props.onSelect(e);
                }
              }}
              style={{
                cursor: 'pointer',
                ...(unexpected ? { boxShadow: 'inset 4px 0 0 #f57c00' } : {}),
              }}
              data-testid="ytk-flow-row"
              data-classification={e.classification}
              data-source={e.source}
              data-destination={e.destination}
            >
              <TableCell>
                <ClassificationChip classification={e.classification} />
                {unexpected && <UnexpectedCauses edge={e} />}
              </TableCell>
              <TableCell style={ONE_LINE}>
                {e.verdict}
                {e.dropReason && (
                  <Typography variant="caption" component="div">
                    {e.dropReason}
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">{e.count}</TableCell>
              <TableCell>{formatSeen(e.firstSeen)}</TableCell>
              <TableCell>{formatSeen(e.lastSeen)}</TableCell>
              <TableCell>
                {observedEndLabel(e.source)} → {observedEndLabel(e.destination)}
                <Typography variant="caption" component="div">
                  seen by {e.cluster}
                </Typography>
              </TableCell>
              <TableCell style={ONE_LINE}>
                {e.port}/{e.protocol}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** Allowed paths of the team's allow rules with no forwarded flow in the window. */
export function UnusedPathsTable(props: {
  paths: UnusedAllowedPath[];
  basePath: string;
}) {
  if (props.paths.length === 0)
    return (
      <Typography variant="body2" data-testid="ytk-flows-unused-empty">
        Every allowed path of the team’s allow rules carried traffic in this
        window.
      </Typography>
    );
  return (
    <Table size="small" data-testid="ytk-flows-unused">
      <TableHead>
        <TableRow>
          <TableCell>Allow rule (policy line)</TableCell>
          <TableCell>Source → destination</TableCell>
          <TableCell>Ports</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.paths.map(p => {
          const from = endpointKey(p.from);
          const to = endpointKey(p.to);
          return (
            <TableRow
              key={`${p.rule.policyId}#${p.rule.section}#${p.rule.specIndex}#${p.rule.ruleIndex} ${from} ${to}`}
              data-testid="ytk-unused-row"
            >
              <TableCell>
                <RuleList rules={[p.rule]} basePath={props.basePath} />
              </TableCell>
              <TableCell>
                {observedEndLabel(from)} → {observedEndLabel(to)}
              </TableCell>
              <TableCell>{formatPorts(p.ports)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
