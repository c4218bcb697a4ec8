/* eslint-disable no-console */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { startKubeApiServer } from './server';

const USAGE = `usage: node -r sucrase/register test/kube-api/src/main.ts [options]
  --fixtures <file|dir>   YAML objects to serve (multi-document, List unwrapped)
  --port <n>              port (default 0: any free port)
  --host <addr>           address (default 127.0.0.1)
  --no-tls                plain HTTP
  --cluster-name <name>   cluster name in the written kubeconfig (default test)
  --remove <group[/plural]>  do not serve a group or type (repeatable), e.g. spire.spiffe.io
  --history <n>           watch events kept before 410 Gone (default 10000)
  --bookmark-ms <n>       bookmark interval for watches (default 1000)`;

function parseArgs(argv: string[]) {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (key === 'no-tls' || key === 'help') {
      out[key] = ['true'];
      continue;
    }
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    (out[key] ??= []).push(v);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const one = (k: string) => args[k]?.[args[k].length - 1];
  const num = (k: string) =>
    one(k) !== undefined ? Number(one(k)) : undefined;
  const server = await startKubeApiServer({
    fixtures: one('fixtures'),
    port: num('port'),
    host: one('host'),
    tls: !args['no-tls'],
    clusterName: one('cluster-name'),
    removed: args.remove,
    historyLimit: num('history'),
    bookmarkIntervalMs: num('bookmark-ms'),
  });
  const dir = mkdtempSync(join(tmpdir(), 'kube-api-cli-'));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, stringify(server.kubeconfig()));
  console.log(`url: ${server.url}`);
  console.log(`token: ${server.token}`);
  if (server.caFile) console.log(`caFile: ${server.caFile}`);
  console.log(`kubeconfig: ${kubeconfig}`);
  console.log(`objects: ${server.store.keys().length}`);
  const stop = () => {
    rmSync(dir, { recursive: true, force: true });
    server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  console.error(USAGE);
  process.exit(1);
});
