import { useState } from 'react';
import { Box, Button, Tab, Tabs } from '@material-ui/core';
import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { Link as RouterLink } from 'react-router-dom';
import {
  ytkApiRef,
  type PeeringListView,
  type PeeringSummary,
} from '../../api';
import { formatPorts, formatTarget } from './format';
import { PeeringStateChip } from './PeeringStateChip';

const columns: TableColumn<PeeringSummary>[] = [
  {
    title: 'From',
    field: 'from',
    render: r => <Link to={encodeURIComponent(r.id)}>{r.from}</Link>,
  },
  { title: 'To', render: r => formatTarget(r.to) },
  { title: 'Ports', render: r => formatPorts(r.ports) },
  {
    title: 'State',
    field: 'state',
    render: r => <PeeringStateChip state={r.state} />,
  },
  { title: 'Requester', field: 'requester' },
  { title: 'Reason', field: 'reason' },
  { title: 'Created', field: 'createdAt', defaultSort: 'desc' },
];

const tabs: Array<{ view: PeeringListView; label: string; empty: string }> = [
  {
    view: 'incoming',
    label: 'Incoming',
    empty: 'No requests for workloads your teams own.',
  },
  {
    view: 'mine',
    label: 'Outgoing',
    empty: 'Your teams have not asked for access yet.',
  },
];

function RequestList(props: { view: PeeringListView; empty: string }) {
  const api = useApi(ytkApiRef);
  const { value, loading, error } = useAsync(
    () => api.listPeering(props.view),
    [api, props.view],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<PeeringSummary>
      options={{
        paging: (value?.length ?? 0) > 20,
        pageSize: 20,
        search: true,
        toolbar: true,
      }}
      title={`${value?.length ?? 0} requests`}
      columns={columns}
      data={(value ?? []).map(r => ({ ...r }))}
      emptyContent={<div style={{ padding: 16 }}>{props.empty}</div>}
    />
  );
}

/** Peering requests: incoming (to review) and outgoing (mine), each in its own tab. */
export function PeeringInbox() {
  const [tab, setTab] = useState(0);
  return (
    <Box data-testid="ytk-peering-inbox">
      <Box display="flex" justifyContent="space-between" alignItems="center">
        <Tabs
          value={tab}
          onChange={(_, v) => setTab(v)}
          indicatorColor="primary"
        >
          {tabs.map(t => (
            <Tab
              key={t.view}
              label={t.label}
              data-testid={`ytk-peering-tab-${t.view}`}
            />
          ))}
        </Tabs>
        <Button
          component={RouterLink}
          to="new"
          color="primary"
          variant="contained"
          data-testid="ytk-peering-new"
        >
          New request
        </Button>
      </Box>
      <RequestList
        key={tabs[tab].view}
        view={tabs[tab].view}
        empty={tabs[tab].empty}
      />
    </Box>
  );
}
