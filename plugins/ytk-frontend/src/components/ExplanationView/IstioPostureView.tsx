import { Box, Chip, Typography } from '@material-ui/core';
import type { IstioPolicyRef, IstioPosture } from '@ytknetwork/common';

const MTLS_TEXT: Record<IstioPosture['mtls'], string> = {
  strict: 'mTLS strict',
  permissive: 'mTLS permissive (plaintext also accepted)',
  disabled: 'mTLS disabled',
  none: 'no Istio proxy at the destination',
};

const SCOPE_TEXT = {
  workload: 'workload policy',
  namespace: 'namespace-wide',
  mesh: 'mesh-wide, root namespace',
} as const;

function refText(r: IstioPolicyRef): string {
  const at = r.location
    ? ` (${r.location.uri}:${r.location.range.start.line + 1})`
    : '';
  return `${r.kind} ${r.cluster}/${r.namespace}/${r.name}${at}`;
}

function mtlsSource(istio: IstioPosture): string {
  const pa = istio.peerAuthentication;
  if (pa) {
    const port = pa.portLevel ? ', port-level' : '';
    return `Set by ${refText(pa)}, ${SCOPE_TEXT[pa.scope]}${port}.`;
  }
  if (istio.mtls === 'none') return 'Istio does not terminate this traffic.';
  return "No PeerAuthentication applies: Istio's default is PERMISSIVE.";
}

/**
 * The destination's Istio posture (docs/istio.md). It annotates the verdict and never changes
 * it: on a dropped flow it says so, so "mTLS strict" is not read as a secured path.
 */
export function IstioPostureView({
  istio,
  allowed,
  crossCluster,
}: {
  istio: IstioPosture;
  allowed: boolean;
  crossCluster: boolean;
}) {
  const plaintext = istio.mtls === 'permissive' || istio.mtls === 'disabled';
  return (
    <Box mt={1} data-testid="ytk-explanation-istio">
      <Typography variant="subtitle2">
        Istio:{' '}
        <Chip
          size="small"
          label={MTLS_TEXT[istio.mtls]}
          color={istio.mtls === 'strict' ? 'primary' : 'default'}
        />
      </Typography>
      {!allowed && (
        <Typography variant="body2">
          The flow is dropped by network policy before Istio sees it.
        </Typography>
      )}
      <Typography variant="body2" data-testid="ytk-explanation-istio-mtls">
        {mtlsSource(istio)}
      </Typography>
      {allowed && crossCluster && plaintext && (
        <Typography
          variant="body2"
          color="error"
          data-testid="ytk-explanation-istio-plaintext"
        >
          This cross-cluster path accepts plaintext at the destination.
        </Typography>
      )}
      {istio.authorization === 'may-deny' && (
        <Box data-testid="ytk-explanation-istio-authorization">
          <Typography variant="body2">
            An Istio AuthorizationPolicy selects the destination and may still
            deny the request (ytk does not evaluate requests):
          </Typography>
          <ul>
            {(istio.authorizationPolicies ?? []).map(p => (
              <li key={`${p.id}#${p.namespace}#${p.action}#${p.name}`}>
                <Typography variant="body2">
                  {refText(p)}: {p.action}
                  {p.dryRun ? ' (dry run, not enforced)' : ''}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
      {istio.notes.map(n => (
        <Typography key={n} variant="caption" display="block">
          {n}
        </Typography>
      ))}
    </Box>
  );
}
