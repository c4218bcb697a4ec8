import { MenuItem, TextField } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import type { TeamView } from '@ytknetwork/common';
import { ytkApiRef } from '../../api';

/**
 * The team of a per-team page (`<page>/:team`; without it, the user's first team) and the user's
 * teams; `select` moves to `<basePath>/<team>`.
 */
export function useTeamRoute(basePath: string) {
  const api = useApi(ytkApiRef);
  const navigate = useNavigate();
  const { team: param } = useParams();
  const teams = useAsync(async () => api.getTeams(), [api]);
  return {
    teams,
    param,
    team: param ?? teams.value?.[0]?.name,
    select: (name: string) => navigate(`${basePath}/${name}`),
  };
}

/** Picks one of the user's teams; shown when there is a choice or the URL names a team. */
export function TeamPicker(props: {
  teams: TeamView[];
  /** The team in the URL, if any (kept in the list even when it is not the user's). */
  param?: string;
  value?: string;
  onChange: (name: string) => void;
  testId: string;
}) {
  const { teams, param } = props;
  if (teams.length <= 1 && !param) return null;
  const options = [
    ...teams,
    ...(param && !teams.some(t => t.name === param)
      ? [{ ref: param, name: param, title: param }]
      : []),
  ];
  return (
    <TextField
      select
      label="Team"
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 240, marginBottom: 16 }}
      inputProps={{ 'data-testid': props.testId }}
    >
      {options.map(t => (
        <MenuItem key={t.ref} value={t.name}>
          {t.title ?? t.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
