import { useMemo, useState } from 'react';
import { Button, Grid } from '@material-ui/core';
import { Link as RouterLink } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef } from '../../api';
import { ClustersPanel } from '../ClustersPanel';
import { ConnectivityGraph } from '../ConnectivityGraph';
import { PoliciesTable, WorkloadsTable } from '../tables';
import { Filters, type FilterState } from './Filters';
import { TeamFindings } from '../FindingsTable';

function ScopedContent({ scope }: { scope: FilterState }) {
  const api = useApi(ytkApiRef);
  const graph = useAsync(() => api.getConnectivity(scope), [api, scope]);
  const policies = useAsync(() => api.getPolicies(scope), [api, scope]);
  if (graph.loading) return <Progress />;
  if (graph.error) return <ResponseErrorPanel error={graph.error} />;
  if (!graph.value || graph.value.nodes.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No workloads in this scope"
        description="Pick another team, cluster or namespace. A team's workloads appear once its catalog components carry the backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation."
      />
    );
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <InfoCard
          title={`Connectivity (overlay version ${graph.value.overlayVersion})`}
        >
          <ConnectivityGraph graph={graph.value} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <WorkloadsTable workloads={graph.value.nodes} />
      </Grid>
      <Grid item xs={12}>
        {policies.error && <ResponseErrorPanel error={policies.error} />}
        {policies.loading && <Progress />}
        {policies.value && (
          <PoliciesTable policies={policies.value.policies} basePath="." />
        )}
      </Grid>
      <Grid item xs={12}>
        <TeamFindings scope={scope} basePath="." />
      </Grid>
    </Grid>
  );
}

/** The network page: clusters, filters, the connectivity graph, workloads and policies. */
export function NetworkOverview() {
  const api = useApi(ytkApiRef);
  const clusters = useAsync(() => api.getClusters(), [api]);
  const teams = useAsync(() => api.getTeams(), [api]);
  const [filters, setFilters] = useState<FilterState>({
    team: '',
    cluster: '',
    namespace: '',
  });
  // Namespaces offered are those of the chosen cluster's workloads seen so far.
  const namespaces = useScopeNamespaces(filters.cluster);

  return (
    <Page themeId="tool">
      <Header title="Network" subtitle="Multi-cluster connectivity and policy">
        <Button
          component={RouterLink}
          to="peering"
          variant="contained"
          color="primary"
          data-testid="ytk-peering-link"
        >
          Peering requests
        </Button>
        <Button
          component={RouterLink}
          to="posture"
          variant="outlined"
          color="primary"
          style={{ marginLeft: 8 }}
          data-testid="ytk-posture-link"
        >
          Posture
        </Button>
        <Button
          component={RouterLink}
          to="flows"
          variant="outlined"
          color="primary"
          style={{ marginLeft: 8 }}
          data-testid="ytk-flows-link"
        >
          Observed flows
        </Button>
      </Header>
      <Content>
        <ContentHeader title="Clusters" />
        {clusters.loading && <Progress />}
        {clusters.error && <ResponseErrorPanel error={clusters.error} />}
        {clusters.value && clusters.value.length === 0 && (
          <EmptyState
            missing="info"
            title="No clusters configured"
            description="Add clusters under ytk.clusters in app-config.yaml (a kubernetes or manifests source)."
          />
        )}
        {clusters.value && clusters.value.length > 0 && (
          <ClustersPanel clusters={clusters.value} />
        )}
        <ContentHeader title="Connectivity" />
        {teams.error && <ResponseErrorPanel error={teams.error} />}
        {teams.value && teams.value.length === 0 && (
          // Group claims are fixed at sign-in: a sign-in while the catalog was still loading
          // carries none until the next one.
          <WarningPanel
            severity="info"
            title="You are in no team"
            defaultExpanded
            message="Your sign-in carries no catalog Group, so no workload is yours and other teams' policies stay hidden. Ask to be added to your team's Group in the catalog; if the catalog was still loading when you signed in, sign out and in again."
          />
        )}
        <Filters
          teams={teams.value ?? []}
          clusters={clusters.value ?? []}
          namespaces={namespaces.list}
          value={filters}
          onChange={setFilters}
        />
        <ScopedContentWithNamespaces
          scope={filters}
          onNamespaces={namespaces.set}
        />
      </Content>
    </Page>
  );
}

function useScopeNamespaces(cluster: string) {
  const [seen, setSeen] = useState<Record<string, string[]>>({});
  return useMemo(
    () => ({
      list: seen[cluster] ?? [],
      set: (key: string, list: string[]) =>
        setSeen(prev =>
          prev[key]?.join() === list.join() ? prev : { ...prev, [key]: list },
        ),
    }),
    [seen, cluster],
  );
}

/** Reports the namespaces of an unfiltered-namespace view so the namespace picker can offer them. */
function ScopedContentWithNamespaces(props: {
  scope: FilterState;
  onNamespaces: (cluster: string, list: string[]) => void;
}) {
  const api = useApi(ytkApiRef);
  const { scope, onNamespaces } = props;
  useAsync(async () => {
    const g = await api.getConnectivity({ ...scope, namespace: '' });
    const list = [
      ...new Set(
        g.nodes
          .filter(w => !scope.cluster || w.cluster === scope.cluster)
          .map(w => w.namespace),
      ),
    ].sort();
    onNamespaces(scope.cluster, list);
  }, [api, scope.team, scope.cluster]);
  const memoScope = useMemo(
    () => ({ ...scope }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [scope.team, scope.cluster, scope.namespace],
  );
  return <ScopedContent scope={memoScope} />;
}
