import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ytkApiRef, type YtkScope } from '../../api';
import { FindingsTable } from '../tables';

/** Findings in the policies of a scope (team, cluster, namespace) that the user may read. */
export function TeamFindings(props: { scope: YtkScope; basePath?: string }) {
  const api = useApi(ytkApiRef);
  const { scope } = props;
  // async: a synchronous throw (an older API object without getFindings) becomes a shown error.
  const { value, loading, error } = useAsync(
    async () => api.getFindings(scope),
    [api, scope],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <FindingsTable
      findings={value?.findings ?? []}
      title="Findings in scope"
      basePath={props.basePath}
    />
  );
}
