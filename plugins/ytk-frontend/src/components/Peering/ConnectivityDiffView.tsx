import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import type {
  Connection,
  ConnectivityDiff,
  Endpoint,
} from '@ytknetwork/common';

function endpoint(e: Endpoint): string {
  if ('workload' in e) return e.workload;
  if ('entity' in e) return `entity:${e.entity}`;
  return `cidr:${e.cidr}`;
}

function ports(c: Connection): string {
  if (c.ports === 'all') return 'all ports';
  return c.ports
    .map(
      p =>
        `${p.port ?? 'any'}${p.endPort && p.endPort !== p.port ? `-${p.endPort}` : ''}/${p.protocol}`,
    )
    .join(', ');
}

const line = (c: Connection) =>
  `${endpoint(c.from)} → ${endpoint(c.to)} (${ports(c)})`;

/** What the generated policies change: added, removed and changed connections. */
export function ConnectivityDiffView(props: { diff: ConnectivityDiff }) {
  const { added, removed, changed } = props.diff;
  const rows = [
    ...added.map(c => ({ sign: '+', text: line(c) })),
    ...removed.map(c => ({ sign: '−', text: line(c) })),
    ...changed.map(c => ({
      sign: '~',
      text: `${line(c.before)} ⇒ ${ports(c.after)}`,
    })),
  ];
  if (rows.length === 0)
    return <Typography>No connectivity change.</Typography>;
  return (
    <List dense data-testid="ytk-peering-diff">
      {rows.map((r, i) => (
        <ListItem key={i}>
          <ListItemText primary={`${r.sign} ${r.text}`} />
        </ListItem>
      ))}
    </List>
  );
}
