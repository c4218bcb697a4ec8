import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { lint } from './lint';
import { toSarif } from './sarif';
import { RULE_CATALOGUE } from './catalogue';
import { decode } from './__testutils__/decode';

const schema = JSON.parse(
  readFileSync(
    join(__dirname, '__fixtures__', 'sarif-2.1.0-rtm.5.json'),
    'utf8',
  ),
);

function validator() {
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only the u flag rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const ALL_BAD = RULE_CATALOGUE.filter(m => !m.needsContext)
  .map(m => m.badExample)
  .join('---\n');

describe('toSarif', () => {
  const findings = lint(decode(ALL_BAD, 'file:///repo/policies/all.yaml'));

  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = validator();
    const log = toSarif(findings, {
      toolVersion: '0.1.0',
      baseUri: 'file:///repo',
    });
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a broken log (the validator is live)', () => {
    const validate = validator();
    const log = toSarif(findings) as {
      runs: Array<{ results: Array<Record<string, unknown>> }>;
    };
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('uses 1-based regions, levels and catalogue rule indexes', () => {
    const log = toSarif(findings, { baseUri: 'file:///repo' }) as any;
    const run = log.runs[0];
    const f = findings.find(x => x.fix)!;
    const r = run.results[findings.indexOf(f)];
    expect(r.locations[0].physicalLocation.region.startLine).toBe(
      f.range.start.line + 1,
    );
    expect(r.locations[0].physicalLocation.region.startColumn).toBe(
      f.range.start.character + 1,
    );
    expect(r.locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'policies/all.yaml',
      uriBaseId: 'SRCROOT',
    });
    expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.ruleId);
    expect(run.tool.driver.rules[0].helpUri).toMatch(/docs\/rules\/.+\.md$/);
    expect(r.fixes[0].artifactChanges[0].replacements.length).toBe(
      f.fix!.edits.length,
    );
    const levels = new Set(run.results.map((x: any) => x.level));
    expect(
      [...levels].every(l =>
        ['error', 'warning', 'note'].includes(l as string),
      ),
    ).toBe(true);
  });
});
