import { useState } from 'react';
import { Button, Grid, MenuItem, TextField } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type { WorkloadView } from '@ytknetwork/common';
import { ytkApiRef } from '../../api';
import { ExplanationView } from '../ExplanationView';

/** "Can X reach this?": explain a flow from any workload ref to one of the entity's workloads. */
export function ReachForm({ workloads }: { workloads: WorkloadView[] }) {
  const api = useApi(ytkApiRef);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(workloads[0]?.ref ?? '');
  const [port, setPort] = useState('443/TCP');
  const [state, explain] = useAsyncFn(
    () => api.explainFlow({ from: from.trim(), to, port: port.trim() }),
    [api, from, to, port],
  );
  return (
    <div data-testid="ytk-reach-form">
      <form
        onSubmit={e => {
          e.preventDefault();
          explain();
        }}
      >
        <Grid container spacing={2} alignItems="flex-end">
          <Grid item xs={12} md={5}>
            <TextField
              fullWidth
              label="From (cluster/ns/kind/name, ns/name or name)"
              value={from}
              onChange={e => setFrom(e.target.value)}
              inputProps={{ 'data-testid': 'ytk-reach-from' }}
            />
          </Grid>
          <Grid item xs={12} md={3}>
            <TextField
              select
              fullWidth
              label="To"
              value={to}
              onChange={e => setTo(e.target.value)}
              inputProps={{ 'data-testid': 'ytk-reach-to' }}
            >
              {workloads.map(w => (
                <MenuItem key={w.ref} value={w.ref}>
                  {w.ref}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={6} md={2}>
            <TextField
              fullWidth
              label="Port"
              value={port}
              onChange={e => setPort(e.target.value)}
              inputProps={{ 'data-testid': 'ytk-reach-port' }}
            />
          </Grid>
          <Grid item xs={6} md={2}>
            <Button
              type="submit"
              variant="contained"
              color="primary"
              disabled={!from.trim() || !to || !port.trim()}
            >
              Explain
            </Button>
          </Grid>
        </Grid>
      </form>
      {state.loading && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.value && !state.loading && (
        <ExplanationView verdict={state.value.verdict} />
      )}
    </div>
  );
}
