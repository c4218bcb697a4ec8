import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, REPO_ROOT } from './testClient';

const OVERLAY = path.join(REPO_ROOT, 'examples/overlay');
const FILE = path.join(OVERLAY, 'eu-west/platform/netpol-feature-flags.yaml');

describe('ytk lsp --stdio (the CLI runs the same server from source)', () => {
  it('initializes and publishes the K01 diagnostic for the example', async () => {
    const client = new LspTestClient([
      process.execPath,
      path.join(REPO_ROOT, 'packages/cli/bin/ytk'),
      'lsp',
      '--stdio',
    ]);
    try {
      const init = await client.initialize([OVERLAY]);
      expect(init.capabilities.hoverProvider).toBe(true);
      const uri = pathToFileURL(FILE).toString();
      const diags = client.diagnostics(uri, d => d.length > 0);
      await client.open(uri, fs.readFileSync(FILE, 'utf8'));
      expect((await diags).map(d => d.code)).toContain(
        'egress-default-deny-without-dns',
      );
    } finally {
      await client.stop();
    }
  }, 30000);
});
