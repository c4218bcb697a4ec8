import path from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Standalone ytk backend over the example overlay (examples/overlay/<cluster>/), with
// mock auth so `curl http://localhost:7007/api/ytk/clusters` answers without sign-in.
const examples = path.resolve(__dirname, '../../../examples/overlay');
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
// The default userInfo decodes a real JWT; mock tokens need the mock one.
backend.add(mockServices.userInfo.factory());
backend.add(
  mockServices.rootConfig.factory({
    data: {
      backend: {
        baseUrl: 'http://localhost:7007',
        listen: { port: 7007 },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      ytk: {
        clusters: ['us-east', 'eu-west'].map(name => ({
          name,
          source: 'manifests',
          path: path.join(examples, name),
        })),
      },
    },
  }),
);
backend.add(catalogServiceMock.factory({ entities: [] }));
backend.add(import('../src'));
backend.start();
