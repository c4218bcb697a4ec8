import { MenuItem, TextField } from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef } from '../../api';
import { useNetworkPagePath } from '../Entity/useEntityNetwork';
import {
  DEFAULT_FLOW_WINDOW,
  FLOW_WINDOWS,
  type FlowWindowChoice,
} from './format';
import { TeamFlows } from './TeamFlows';

const isWindow = (w: string | null): w is FlowWindowChoice =>
  (FLOW_WINDOWS as readonly string[]).includes(w ?? '');

/**
 * The Observed flows page of a team (`flows/:team?window=24h`; `flows` is the user's first
 * team): what Hubble saw of the team's workloads, against what the policies allow.
 */
export function TeamFlowsPage() {
  const api = useApi(ytkApiRef);
  const pagePath = useNetworkPagePath();
  const navigate = useNavigate();
  const { team: param } = useParams();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('window');
  const window = isWindow(asked) ? asked : DEFAULT_FLOW_WINDOW;
  const teams = useAsync(async () => api.getTeams(), [api]);
  const team = param ?? teams.value?.[0]?.name;
  return (
    <Page themeId="tool">
      <Header
        title="Observed flows"
        subtitle="What Hubble saw, against what the policies allow"
        type="Network"
        typeLink={pagePath}
      />
      <Content>
        {teams.error && <ResponseErrorPanel error={teams.error} />}
        {teams.loading && <Progress />}
        <div
          style={{
            display: 'flex',
            gap: 16,
            alignItems: 'center',
            marginBottom: 16,
          }}
        >
          {teams.value && (teams.value.length > 1 || param) && (
            <TextField
              select
              label="Team"
              value={team ?? ''}
              onChange={e =>
                navigate(`${pagePath}/flows/${e.target.value}?window=${window}`)
              }
              style={{ minWidth: 240 }}
              inputProps={{ 'data-testid': 'ytk-flows-team' }}
            >
              {[
                ...teams.value,
                ...(param && !teams.value.some(t => t.name === param)
                  ? [{ ref: param, name: param, title: param }]
                  : []),
              ].map(t => (
                <MenuItem key={t.ref} value={t.name}>
                  {t.title ?? t.name}
                </MenuItem>
              ))}
            </TextField>
          )}
          <ToggleButtonGroup
            exclusive
            size="small"
            value={window}
            onChange={(_e, w: string | null) => {
              if (isWindow(w)) setSearch({ window: w });
            }}
            aria-label="time window"
            data-testid="ytk-flows-window"
          >
            {FLOW_WINDOWS.map(w => (
              <ToggleButton
                key={w}
                value={w}
                aria-label={`last ${w}`}
                data-testid={`ytk-flows-window-${w}`}
              >
                {w}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        </div>
        {team && <TeamFlows team={team} window={window} basePath={pagePath} />}
        {teams.value && !team && (
          <EmptyState
            missing="info"
            title="You are in no team"
            description="A team's observed flows are shown to its members: ask to be added to your team's Group in the catalog."
          />
        )}
      </Content>
    </Page>
  );
}
