import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceIndex } from './workspace';

/* The editor's workspace context reads files under the engine's ingestion policy. */
describe('WorkspaceIndex ingestion', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-ws-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const uri = (f: string) => pathToFileURL(path.join(dir, f)).toString();

  it('uses a dumped pod with a nameless container, skips a broken file, honours ytk.hostNetwork', () => {
    fs.writeFileSync(
      path.join(dir, 'agent.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: agent, namespace: kube-system, labels: {app: agent}}\nspec:\n  hostNetwork: true\n  containers: [{image: agent}]\nstatus: {phase: Running, podIP: 10.1.0.5}\n',
    );
    fs.writeFileSync(
      path.join(dir, 'broken.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n',
    );
    const index = new WorkspaceIndex();
    expect(index.scan([dir])).toBe(2);
    const agent = index.decoded(uri('agent.yaml'));
    expect(agent.problems.map(p => `${p.severity} ${p.code}`)).toEqual([
      'warning missing-field',
    ]);
    expect(index.decoded(uri('broken.yaml')).resources).toEqual([]);
    const workloads = () => index.overlay().clusters[0].workloads;
    expect(workloads().map(w => [w.ref, w.hostNetworkAs])).toEqual([
      ['default/kube-system/Pod/agent', 'pod'],
    ]);
    index.hostNetwork = 'node';
    expect(workloads()[0].hostNetworkAs).toBe('node');
  });
});
