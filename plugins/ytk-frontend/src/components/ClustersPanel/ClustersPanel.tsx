import { Box, Card, CardContent, Grid, Typography } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusWarning,
  StatusPending,
} from '@backstage/core-components';
import type { ClusterView } from '@ytknetwork/common';
import type { YtkClusterView } from '../../api';
import { InputProblems } from '../InputProblems';
import { FlowSourceStatus } from './FlowSourceStatus';

function HealthStatus({ cluster }: { cluster: ClusterView }) {
  const h = cluster.health;
  switch (h.state) {
    case 'connected':
      return <StatusOK>connected</StatusOK>;
    case 'stale':
      return <StatusWarning>stale</StatusWarning>;
    case 'failed':
      return <StatusError>unreachable</StatusError>;
    default:
      return <StatusPending>unknown</StatusPending>;
  }
}

function since(c: ClusterView): string {
  const h = c.health;
  if (h.lastSync) return `last synced ${h.lastSync}`;
  return 'never synced';
}

function staleness(seconds?: number): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < 120) return `${seconds}s old`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min old`;
  return `${Math.round(seconds / 3600)} h old`;
}

/**
 * One card per cluster: health and staleness, the observed-flows source, Cilium and mesh settings, SPIFFE trust, input
 * problem counts; below them the located input problems of one cluster at a time.
 */
export function ClustersPanel({ clusters }: { clusters: YtkClusterView[] }) {
  const unreachable = clusters.filter(
    c => c.health.state === 'failed' || c.health.state === 'stale',
  );
  return (
    <div data-testid="ytk-clusters">
      {unreachable.map(c => (
        <Typography
          key={c.name}
          color="error"
          variant="body2"
          data-testid={`ytk-cluster-alert-${c.name}`}
        >
          Cluster {c.name} is{' '}
          {c.health.state === 'failed' ? 'unreachable' : 'stale'} ({since(c)}
          {c.health.lastError ? `: ${c.health.lastError}` : ''}); what is shown
          for it may be out of date.
        </Typography>
      ))}
      <Grid container spacing={2}>
        {clusters.map(c => (
          <Grid item xs={12} md={6} lg={4} key={c.name}>
            <Card data-testid={`ytk-cluster-${c.name}`}>
              <CardContent>
                <Typography variant="h6">
                  {c.title ?? c.name} <small>(id {c.id})</small>
                </Typography>
                <HealthStatus cluster={c} />
                <Typography variant="body2">
                  {since(c)}
                  {staleness(c.health.stalenessSeconds)
                    ? `, ${staleness(c.health.stalenessSeconds)}`
                    : ''}
                </Typography>
                <FlowSourceStatus cluster={c.name} health={c.flows} />
                {c.health.unavailableKinds.length > 0 && (
                  <Typography variant="body2">
                    not readable: {c.health.unavailableKinds.join(', ')}
                  </Typography>
                )}
                <Typography variant="body2">
                  enforcer: {c.enforcer}
                  {c.cilium?.version ? `, Cilium ${c.cilium.version}` : ''}
                </Typography>
                {c.cilium && (
                  <Typography variant="body2">
                    mesh auth {c.cilium.meshAuthEnabled ? 'on' : 'off'};
                    policies default to{' '}
                    {c.cilium.policyDefaultLocalCluster
                      ? 'local cluster'
                      : 'all clusters'}
                    ; enable-policy {c.cilium.enablePolicy}
                    {c.cilium.routingMode
                      ? `; routing ${c.cilium.routingMode}`
                      : ''}
                  </Typography>
                )}
                <Typography variant="body2">
                  SPIFFE trust domain: {c.spiffe.trustDomain ?? 'none'}
                </Typography>
                {c.spiffe.federation.length > 0 && (
                  <Typography variant="body2">
                    federates with:{' '}
                    {c.spiffe.federation
                      .map(f => `${f.trustDomain} (${f.profile})`)
                      .join(', ')}
                  </Typography>
                )}
                <Typography variant="body2" color="textSecondary">
                  {c.counts.namespaces} namespaces, {c.counts.workloads}{' '}
                  workloads, {c.counts.policies} policies
                </Typography>
                {c.inputProblems && (
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    data-testid={`ytk-cluster-input-${c.name}`}
                  >
                    input: {c.inputProblems.errors} errors,{' '}
                    {c.inputProblems.warnings} warnings, {c.inputProblems.infos}{' '}
                    notes
                  </Typography>
                )}
              </CardContent>
            </Card>
          </Grid>
        ))}
      </Grid>
      <Box mt={2}>
        <InputProblems clusters={clusters} />
      </Box>
    </div>
  );
}
