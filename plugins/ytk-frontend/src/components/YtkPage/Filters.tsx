import {
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Select,
} from '@material-ui/core';
import type { ClusterView, TeamView } from '@ytknetwork/common';

export interface FilterState {
  team: string;
  cluster: string;
  namespace: string;
}

function Picker(props: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  anyLabel: string;
  onChange: (v: string) => void;
}) {
  return (
    <FormControl fullWidth>
      <InputLabel id={`${props.id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${props.id}-label`}
        data-testid={props.id}
        value={props.value}
        onChange={e => props.onChange(String(e.target.value))}
      >
        <MenuItem value="">{props.anyLabel}</MenuItem>
        {props.options.map(o => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Team (my teams), cluster and namespace filters of the network page. */
export function Filters(props: {
  teams: TeamView[];
  clusters: ClusterView[];
  namespaces: string[];
  value: FilterState;
  onChange: (v: FilterState) => void;
}) {
  const { value, onChange } = props;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <Picker
          id="ytk-filter-team"
          label="Team"
          value={value.team}
          anyLabel="All my teams"
          options={props.teams.map(t => ({
            value: t.ref,
            label: t.title ?? t.name,
          }))}
          onChange={team => onChange({ ...value, team })}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <Picker
          id="ytk-filter-cluster"
          label="Cluster"
          value={value.cluster}
          anyLabel="All clusters"
          options={props.clusters.map(c => ({
            value: c.name,
            label: c.title ?? c.name,
          }))}
          onChange={cluster => onChange({ ...value, cluster, namespace: '' })}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <Picker
          id="ytk-filter-namespace"
          label="Namespace"
          value={value.namespace}
          anyLabel="All namespaces"
          options={props.namespaces.map(n => ({ value: n, label: n }))}
          onChange={namespace => onChange({ ...value, namespace })}
        />
      </Grid>
    </Grid>
  );
}
