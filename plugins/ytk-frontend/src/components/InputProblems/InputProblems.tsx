import { useState } from 'react';
import { Tab, Tabs } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef, type YtkClusterView } from '../../api';
import { InputProblemsTable } from './InputProblemsTable';

const counted = (c: YtkClusterView) =>
  (c.inputProblems?.errors ?? 0) + (c.inputProblems?.warnings ?? 0);

function tabLabel(c: YtkClusterView): string {
  const n = c.inputProblems;
  const name = c.title ?? c.name;
  if (!n) return name;
  return `${name} (${n.errors} errors, ${n.warnings} warnings)`;
}

/**
 * "Input problems": what the cluster's source could not read or read with a warning, located as
 * the editor shows it, one cluster at a time (first the first one with errors or warnings).
 */
export function InputProblems({ clusters }: { clusters: YtkClusterView[] }) {
  const api = useApi(ytkApiRef);
  const [picked, setPicked] = useState<string>();
  const cluster =
    picked ?? (clusters.find(c => counted(c) > 0) ?? clusters[0])?.name;
  const problems = useAsync(
    async () => (cluster ? api.getInputProblems(cluster) : undefined),
    [api, cluster],
  );
  if (!cluster) return null;
  return (
    <InfoCard title="Input problems" noPadding>
      <div data-testid="ytk-input-problems">
        {clusters.length > 1 && (
          <Tabs
            value={cluster}
            onChange={(_, v) => setPicked(String(v))}
            variant="scrollable"
            indicatorColor="primary"
          >
            {clusters.map(c => (
              <Tab key={c.name} value={c.name} label={tabLabel(c)} />
            ))}
          </Tabs>
        )}
        {problems.loading && <Progress />}
        {problems.error && <ResponseErrorPanel error={problems.error} />}
        {!problems.loading && problems.value && (
          <InputProblemsTable response={problems.value} />
        )}
      </div>
    </InfoCard>
  );
}
