import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Box, Button, Grid, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  CodeSnippet,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  ytkApiRef,
  type PeeringAction,
  type PeeringAuditEntry,
  type PeeringDetail,
} from '../../api';
import { ConnectivityDiffView } from './ConnectivityDiffView';
import { formatPorts, formatTarget } from './format';
import { PeeringStateChip } from './PeeringStateChip';

const actionLabels: Record<PeeringAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  cancel: 'Cancel request',
  apply: 'Apply',
};

const auditColumns: TableColumn<PeeringAuditEntry>[] = [
  { title: 'When', field: 'at' },
  { title: 'Who', field: 'actor' },
  { title: 'Action', field: 'action' },
  {
    title: 'State',
    render: e => `${e.beforeState ? `${e.beforeState} → ` : ''}${e.afterState}`,
  },
  { title: 'Comment', field: 'comment' },
];

/** A 409: the request moved on (another reviewer, a stale version) since this page loaded. */
function isConflict(e: unknown): boolean {
  const err = e as {
    statusCode?: number;
    body?: { error?: { name?: string } };
  };
  return err?.statusCode === 409 || err?.body?.error?.name === 'ConflictError';
}

function Actions(props: { detail: PeeringDetail; onDone: () => void }) {
  const api = useApi(ytkApiRef);
  const { detail } = props;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  if (detail.allowedActions.length === 0) {
    return <Typography>No action is open to you on this request.</Typography>;
  }
  const act = async (action: PeeringAction) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.actOnPeering(detail.id, action, {
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        // The version seen: if someone acted meanwhile the server refuses with 409.
        version: detail.version,
      });
      setComment('');
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box>
      <TextField
        label="Comment (optional)"
        value={comment}
        onChange={e => setComment(e.target.value)}
        fullWidth
        variant="outlined"
        inputProps={{ 'data-testid': 'ytk-peering-comment' }}
      />
      <Box display="flex" gridGap={8} mt={2}>
        {detail.allowedActions.map(a => (
          <Button
            key={a}
            variant={
              a === 'reject' || a === 'cancel' ? 'outlined' : 'contained'
            }
            color="primary"
            disabled={busy}
            onClick={() => act(a)}
            data-testid={`ytk-peering-${a}`}
          >
            {actionLabels[a]}
          </Button>
        ))}
      </Box>
      {error !== undefined && isConflict(error) && (
        <Box mt={2}>
          <Alert
            severity="warning"
            data-testid="ytk-peering-conflict"
            action={
              <Button color="inherit" size="small" onClick={props.onDone}>
                Reload
              </Button>
            }
          >
            Someone else acted first — reload to see the request as it is now.
          </Alert>
        </Box>
      )}
      {error !== undefined && !isConflict(error) && (
        <Box mt={2}>
          <ResponseErrorPanel error={error as Error} />
        </Box>
      )}
    </Box>
  );
}

/** One peering request (route `peering/:id`): state, generated YAML, diff, audit trail, actions. */
export function PeeringDetailView() {
  const { id = '' } = useParams();
  const api = useApi(ytkApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPeering(id),
    [api, id],
  );
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const r = value;
  return (
    <Grid container spacing={2} data-testid="ytk-peering-detail">
      <Grid item xs={12} md={7}>
        <InfoCard
          title={
            <Box display="flex" alignItems="center" gridGap={8}>
              Request{' '}
              <PeeringStateChip state={r.state} testId="ytk-peering-state" />
            </Box>
          }
        >
          <StructuredMetadataTable
            metadata={{
              from: r.from,
              to: formatTarget(r.to),
              targets: r.targets.join(', '),
              ports: formatPorts(r.ports),
              reason: r.reason,
              expires: r.expiresAt ?? 'never',
              requester: `${r.requester}${r.requesterTeam ? ` (${r.requesterTeam})` : ''}`,
              'target team': r.targetTeam ?? 'unknown',
              created: r.createdAt,
              ...(r.applyResult
                ? {
                    applied: `${r.applyResult.mode} at ${r.applyResult.at}: ${r.applyResult.ok ? 'ok' : (r.applyResult.error ?? 'failed')}`,
                  }
                : {}),
              ...(r.verifiedAt ? { verified: r.verifiedAt } : {}),
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Actions">
          <Actions detail={r} onDone={retry} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Generated policies">
          <div data-testid="ytk-peering-yaml">
            <CodeSnippet
              text={r.generatedYaml || '# nothing to generate'}
              language="yaml"
              showCopyCodeButton
            />
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Connectivity change">
          <ConnectivityDiffView diff={r.diff} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <div data-testid="ytk-peering-audit">
          <Table<PeeringAuditEntry>
            title="Audit trail"
            options={{ paging: false, search: false }}
            columns={auditColumns}
            data={r.audit.map(e => ({ ...e }))}
          />
        </div>
      </Grid>
    </Grid>
  );
}
