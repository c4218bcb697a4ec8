import { lint } from '../lint';
import { ruleMeta } from '../catalogue';
import { decode } from '../__testutils__/decode';
import { exampleOverlay } from '../__testutils__/overlay';
import { redundancyLimits } from './ruleRedundant';

const meta = ruleMeta('rule-redundant')!;
const run = (yaml: string) =>
  lint(decode(yaml), { overlay: exampleOverlay(), cluster: 'c1' }).filter(
    f => f.ruleId === 'rule-redundant',
  );

describe('rule-redundant work bound', () => {
  const saved = redundancyLimits.budget;
  afterEach(() => {
    redundancyLimits.budget = saved;
  });

  it('finds the redundant rule within the default bound', () => {
    // Each of the two rules admits the one web → db flow the other admits too.
    const found = run(meta.badExample);
    expect(found).toHaveLength(2);
    for (const f of found)
      expect(f.message).toMatch(/^redundant: all \d+ flow\(s\)/);
  });

  it('says which rules it did not check instead of reporting them as not redundant', () => {
    redundancyLimits.budget = 1;
    const found = run(meta.badExample);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('info');
    expect(found[0].message).toMatch(
      /^redundancy not checked for 2 of 2 allow rule\(s\).*0 were checked/,
    );
  });

  it('checks what fits and reports the rest, at every bound', () => {
    const partial: string[][] = [];
    for (let budget = 1; budget < 1e6; budget *= 2) {
      redundancyLimits.budget = budget;
      const messages = run(meta.badExample).map(f => f.message);
      const redundant = messages.filter(m => m.startsWith('redundant:'));
      const note = messages.filter(m => m.startsWith('redundancy not checked'));
      // Every rule is either reported redundant or counted as not checked: none is dropped.
      const unchecked = Number(/for (\d+) of 2/.exec(note[0] ?? '')?.[1] ?? 0);
      expect(note.length).toBeLessThanOrEqual(1);
      expect(redundant.length + unchecked).toBe(2);
      if (redundant.length === 1) partial.push(messages);
    }
    expect(partial.length).toBeGreaterThan(0);
    expect(partial[0]).toContainEqual(
      expect.stringMatching(
        /^redundancy not checked for 1 of 2 .*1 were checked/,
      ),
    );
  });

  it('stays quiet on the good example at any bound', () => {
    redundancyLimits.budget = 1;
    expect(
      run(meta.goodExample).filter(f => f.message.startsWith('redundant')),
    ).toEqual([]);
  });
});
