import { useState } from 'react';
import {
  Grid,
  MenuItem,
  Paper,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import type { ObservedEdge } from '@ytknetwork/common';
import { ytkApiRef } from '../../api';
import {
  ObservedEdgesTable,
  observedEdgeKey,
} from '../ObservedFlows/FlowTables';
import { ObservedEdgeExplanation } from '../ObservedFlows/ObservedEdgeExplanation';
import {
  DEFAULT_FLOW_WINDOW,
  FLOW_WINDOWS,
  type FlowWindowChoice,
} from '../ObservedFlows/format';

/**
 * The entity's recent drops (GET /entities/:kind/:namespace/:name/drops): dropped flows to or
 * from its workloads in the window, newest first; a click explains one with its policy line.
 */
export function EntityRecentDrops(props: { basePath: string }) {
  const { entity } = useEntity();
  const api = useApi(ytkApiRef);
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  const [window, setWindow] = useState<FlowWindowChoice>(DEFAULT_FLOW_WINDOW);
  const [selected, setSelected] = useState<ObservedEdge>();
  // async: a synchronous throw (an older API object) becomes a shown error.
  const drops = useAsync(
    async () => api.getEntityDrops({ kind, namespace, name }, { window }),
    [api, kind, namespace, name, window],
  );
  const count = drops.value?.drops.length;
  return (
    <InfoCard
      title={`Recent drops${count === undefined ? '' : ` (${count})`}`}
      subheader="Flows Hubble dropped to or from this entity's workloads, newest first"
    >
      <div data-testid="ytk-entity-drops">
        <TextField
          select
          label="Window"
          value={window}
          onChange={e => {
            setSelected(undefined);
            setWindow(e.target.value as FlowWindowChoice);
          }}
          style={{ minWidth: 120, marginBottom: 8 }}
          inputProps={{ 'data-testid': 'ytk-entity-drops-window' }}
        >
          {FLOW_WINDOWS.map(w => (
            <MenuItem key={w} value={w}>
              last {w}
            </MenuItem>
          ))}
        </TextField>
        {drops.loading && <Progress />}
        {drops.error && <ResponseErrorPanel error={drops.error} />}
        {drops.value && (
          <Grid container spacing={2}>
            <Grid item xs={12} md={selected ? 7 : 12}>
              <ObservedEdgesTable
                edges={drops.value.drops}
                testId="ytk-entity-drops-list"
                empty={`No dropped flow to or from this entity's workloads in the last ${window}.`}
                selected={selected ? observedEdgeKey(selected) : undefined}
                onSelect={setSelected}
              />
              {drops.value.truncated && (
                <Typography variant="caption">
                  Only the newest drops are shown.
                </Typography>
              )}
            </Grid>
            {selected && (
              <Grid item xs={12} md={5}>
                <Paper
                  style={{ padding: 16 }}
                  data-testid="ytk-entity-drops-selection"
                >
                  <ObservedEdgeExplanation
                    edge={selected}
                    basePath={props.basePath}
                  />
                </Paper>
              </Grid>
            )}
          </Grid>
        )}
      </div>
    </InfoCard>
  );
}
