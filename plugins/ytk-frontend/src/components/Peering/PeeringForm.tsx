import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Box, Button, Grid, TextField, Typography } from '@material-ui/core';
import {
  CodeSnippet,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ytkApiRef, type PeeringPreview } from '../../api';
import { ConnectivityDiffView } from './ConnectivityDiffView';
import {
  validatePeeringForm,
  type FieldErrors,
  type PeeringFormValues,
} from './formValidation';

/** How often the form asks again while none of the caller's workloads is in the overlay yet. */
export const EMPTY_SOURCES_RETRY_MS = 5_000;

/**
 * A new peering request: one of my team's workloads → a workload from the connectivity graph's
 * nodes, or a service; ports, reason, optional expiry. Preview asks the backend to check,
 * generate and verify without storing; submit is enabled once the preview of exactly the current
 * values is shown (YAML and connectivity diff), so nobody files a request they have not seen.
 */
export function PeeringForm() {
  const api = useApi(ytkApiRef);
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const data = useAsyncRetry(async () => {
    const [teams, graph] = await Promise.all([
      api.getTeams(),
      api.getConnectivity(),
    ]);
    return { teams, graph };
  }, [api]);
  const [values, setValues] = useState<PeeringFormValues>({
    from: search.get('from') ?? '',
    targetKind: 'workload',
    target: search.get('to') ?? '',
    ports: '',
    reason: '',
    expires: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<Error>();
  const [submitting, setSubmitting] = useState(false);
  /** The last successful preview and the request body it was made for. */
  const [preview, setPreview] = useState<{
    key: string;
    result: PeeringPreview;
  }>();

  const options = useMemo(() => {
    if (!data.value) return { mine: [], targets: [] };
    const myTeams = new Set(data.value.teams.map(t => t.ref));
    const nodes = [...data.value.graph.nodes].sort((a, b) =>
      a.ref.localeCompare(b.ref),
    );
    return {
      mine: nodes.filter(n => n.team && myTeams.has(n.team)),
      targets: nodes,
    };
  }, [data.value]);

  // Right after start-up the clusters or the catalog may not have loaded the team's workloads
  // yet: ask again until they show, rather than leave an empty list for good.
  const noSources = !!data.value && options.mine.length === 0;
  const { retry } = data;
  useEffect(() => {
    if (!noSources || data.loading) return undefined;
    const timer = setTimeout(retry, EMPTY_SOURCES_RETRY_MS);
    return () => clearTimeout(timer);
  }, [noSources, data.loading, retry]);

  // A retry keeps the form (and what was typed) on screen.
  if (!data.value && data.loading) return <Progress />;
  if (!data.value && data.error)
    return <ResponseErrorPanel error={data.error} />;

  const set =
    (field: keyof PeeringFormValues) =>
    (e: React.ChangeEvent<{ value: unknown }>) =>
      setValues(v => ({
        ...v,
        [field]: String(e.target.value),
        // A workload ref is no service name and vice versa.
        ...(field === 'targetKind' ? { target: '' } : {}),
      }));
  const fieldProps = (field: keyof PeeringFormValues) => ({
    value: values[field],
    onChange: set(field),
    error: Boolean(errors[field]),
    helperText: errors[field],
    fullWidth: true,
    variant: 'outlined' as const,
    inputProps: { 'data-testid': `ytk-peering-field-${field}` },
  });

  const current = validatePeeringForm(values).body;
  const previewed =
    !!preview && !!current && preview.key === JSON.stringify(current);

  const runPreview = async () => {
    setSubmitError(undefined);
    setPreview(undefined);
    const { errors: found, body } = validatePeeringForm(values);
    setErrors(found);
    if (!body) return;
    setSubmitting(true);
    try {
      const result = await api.previewPeering(body);
      setPreview({ key: JSON.stringify(body), result });
    } catch (err) {
      setSubmitError(err as Error);
    } finally {
      setSubmitting(false);
    }
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitError(undefined);
    const { errors: found, body } = validatePeeringForm(values);
    setErrors(found);
    if (!body) return;
    // Enter in a field, or values changed since the preview: show the preview first.
    if (!previewed) {
      await runPreview();
      return;
    }
    setSubmitting(true);
    try {
      const created = await api.createPeering(body);
      navigate(`../${encodeURIComponent(created.id)}`);
    } catch (err) {
      setSubmitError(err as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <InfoCard title="Request access">
      <form onSubmit={submit} noValidate data-testid="ytk-peering-form">
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <TextField
              select
              label="From (your team's workload)"
              SelectProps={{ native: true }}
              {...fieldProps('from')}
              helperText={
                errors.from ??
                (noSources
                  ? 'None of your team’s workloads is in the overlay yet (clusters or catalog still loading, or no component owned by your team matches a workload); checking again every few seconds.'
                  : undefined)
              }
            >
              <option value="" />
              {options.mine.map(w => (
                <option key={w.ref} value={w.ref}>
                  {w.ref}
                </option>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} md={2}>
            <TextField
              select
              label="Target is a"
              SelectProps={{ native: true }}
              {...fieldProps('targetKind')}
            >
              <option value="workload">workload</option>
              <option value="service">service</option>
            </TextField>
          </Grid>
          <Grid item xs={12} md={4}>
            {values.targetKind === 'workload' ? (
              <TextField
                select
                label="To (workload)"
                SelectProps={{ native: true }}
                {...fieldProps('target')}
              >
                <option value="" />
                {options.targets
                  .filter(w => w.ref !== values.from)
                  .map(w => (
                    <option key={w.ref} value={w.ref}>
                      {w.ref}
                      {w.team ? ` (${w.team})` : ''}
                    </option>
                  ))}
              </TextField>
            ) : (
              <TextField
                label="To (service cluster/namespace/name)"
                placeholder="west/ledger/db"
                {...fieldProps('target')}
              />
            )}
          </Grid>
          <Grid item xs={12} md={6}>
            <TextField
              label="Ports"
              placeholder="5432/TCP, 9000-9010/UDP"
              {...fieldProps('ports')}
              helperText={
                errors.ports ?? 'port[-endPort][/protocol], TCP by default'
              }
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <TextField
              label="Expires (optional)"
              type="date"
              InputLabelProps={{ shrink: true }}
              {...fieldProps('expires')}
            />
          </Grid>
          <Grid item xs={12}>
            <TextField
              label="Reason"
              multiline
              minRows={3}
              {...fieldProps('reason')}
            />
          </Grid>
          {previewed && preview && (
            <Grid item xs={12} data-testid="ytk-peering-preview">
              <Typography variant="subtitle2" gutterBottom>
                Preview: verified against overlay version{' '}
                {preview.result.verification.overlayVersion}
                {preview.result.targetTeam
                  ? `; ${preview.result.targetTeam} will review it`
                  : ''}
              </Typography>
              {!preview.result.targetTeam && (
                <Typography
                  variant="body2"
                  color="error"
                  gutterBottom
                  data-testid="ytk-peering-no-target-team"
                >
                  No team owns {preview.result.targets.join(', ')} in the
                  catalog (yet: right after start-up the catalog may still be
                  loading). Nobody can approve this request until one does;
                  preview again in a moment, or ask the platform team who owns
                  it.
                </Typography>
              )}
              <Grid container spacing={2}>
                <Grid item xs={12} md={7}>
                  <div data-testid="ytk-peering-preview-yaml">
                    <CodeSnippet
                      text={
                        preview.result.generatedYaml || '# nothing to generate'
                      }
                      language="yaml"
                    />
                  </div>
                </Grid>
                <Grid item xs={12} md={5}>
                  <ConnectivityDiffView diff={preview.result.diff} />
                </Grid>
              </Grid>
            </Grid>
          )}
          {submitError && (
            <Grid item xs={12}>
              <ResponseErrorPanel error={submitError} />
            </Grid>
          )}
          <Grid item xs={12}>
            <Box display="flex" gridGap={8}>
              <Button
                variant="outlined"
                disabled={submitting}
                onClick={runPreview}
                data-testid="ytk-peering-preview-button"
              >
                Preview
              </Button>
              <Button
                type="submit"
                color="primary"
                variant="contained"
                disabled={submitting || !previewed}
                data-testid="ytk-peering-submit"
              >
                Submit request
              </Button>
            </Box>
          </Grid>
        </Grid>
      </form>
    </InfoCard>
  );
}
