import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { ConnectionView } from '@ytknetwork/common';
import { PeersTable } from './PeersTable';

const connection = (istio?: ConnectionView['istio']): ConnectionView => ({
  from: {
    workload: 'west/shop/Deployment/web',
    cluster: 'west',
    namespace: 'shop',
    name: 'web',
  },
  to: {
    workload: 'east/shop/StatefulSet/db',
    cluster: 'east',
    namespace: 'shop',
    name: 'db',
  },
  ports: [{ protocol: 'TCP', port: 5432 }],
  crossCluster: true,
  authRequired: false,
  effective: true,
  ...(istio ? { istio } : {}),
});

describe('PeersTable', () => {
  it("shows the destination's Istio mode and that an AuthorizationPolicy may deny", async () => {
    await renderInTestApp(
      <PeersTable
        title="Inbound"
        side="from"
        connections={[
          connection({
            mtls: 'mixed',
            ports: [
              { port: 5432, mtls: 'strict' },
              { port: 9187, mtls: 'permissive' },
            ],
            authorization: 'may-deny',
          }),
        ]}
      />,
    );
    expect(
      screen.getByText(
        'cross-cluster, Istio mTLS 5432 strict, 9187 permissive, an AuthorizationPolicy may deny',
      ),
    ).toBeInTheDocument();
  });

  it('says nothing about Istio where the cluster has none', async () => {
    await renderInTestApp(
      <PeersTable title="Inbound" side="from" connections={[connection()]} />,
    );
    expect(screen.getByText('cross-cluster')).toBeInTheDocument();
  });
});
