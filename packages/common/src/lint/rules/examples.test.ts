import { lint, runLint } from '../lint';
import { RULE_CATALOGUE } from '../catalogue';
import { decode } from '../__testutils__/decode';

const schemaErrors = (fs: ReturnType<typeof lint>) =>
  fs.filter(f => f.ruleId.startsWith('schema/') && f.severity === 'error');

/*
 * Every catalogue rule's bad example triggers it and its good example (a near miss) does not.
 * Where the decoder already rejects the bad example (Sanitize-level errors), lint reports the
 * schema finding instead of a duplicate; the rule itself must still fire without dedupe.
 * Context rules are covered by contextRules.test.ts.
 */
describe.each(
  RULE_CATALOGUE.filter(m => !m.needsContext).map(m => [m.id, m] as const),
)('%s', (_id, meta) => {
  const opts = {
    ciliumVersion: meta.exampleOptions?.ciliumVersion,
    cluster: meta.exampleOptions?.cluster,
  };
  it('triggers on the bad example', () => {
    const input = decode(meta.badExample);
    const raw = runLint(input, opts, false);
    expect(raw.filter(f => f.ruleId === meta.id).length).toBeGreaterThan(0);
    const findings = lint(input, opts);
    const reported = findings.filter(f => f.ruleId === meta.id).length;
    // Deduplicated only when the decoder reported the same field as an error.
    const dedupedBySchema =
      reported === 0 &&
      meta.severity === 'error' &&
      schemaErrors(findings).length > 0;
    const cleanReport = reported > 0 && schemaErrors(findings).length === 0;
    expect({ dedupedBySchema, cleanReport, findings }).toEqual(
      expect.objectContaining({
        [dedupedBySchema ? 'dedupedBySchema' : 'cleanReport']: true,
      }),
    );
  });
  it('does not trigger on the good example', () => {
    const findings = runLint(decode(meta.goodExample), opts, false);
    expect(findings.filter(f => f.ruleId === meta.id)).toEqual([]);
    expect(schemaErrors(findings)).toEqual([]);
  });
});
