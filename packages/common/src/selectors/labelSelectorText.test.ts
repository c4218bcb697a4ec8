import { matchLabelSelector } from './labelSelector';
import {
  LabelSelectorSyntaxError,
  parseLabelSelectorText,
} from './labelSelectorText';

describe('parseLabelSelectorText', () => {
  it('parses every kubectl -l form', () => {
    expect(
      parseLabelSelectorText(
        'app=web, tier==api,env!=dev,ytk.io/team,!canary,zone in (a, b),ring notin (0)',
      ),
    ).toEqual({
      matchLabels: { app: 'web', tier: 'api' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'ytk.io/team', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'In', values: ['a', 'b'] },
        { key: 'ring', operator: 'NotIn', values: ['0'] },
      ],
    });
  });

  it('the empty string is the empty selector', () => {
    expect(parseLabelSelectorText('  ')).toEqual({});
  });

  it('matches with Kubernetes semantics: != also matches objects without the label', () => {
    const sel = parseLabelSelectorText('app=web,env!=dev');
    expect(matchLabelSelector(sel, { app: 'web' })).toBe(true);
    expect(matchLabelSelector(sel, { app: 'web', env: 'prod' })).toBe(true);
    expect(matchLabelSelector(sel, { app: 'web', env: 'dev' })).toBe(false);
    expect(matchLabelSelector(sel, { app: 'db' })).toBe(false);
  });

  it.each([
    ['app=web,,tier=api', 2, /empty term 2/],
    ['app=web,app=db', 2, /'app' to equal both 'web' and 'db'/],
    ['zone in (a,,b)', 1, /invalid value '' in the set/],
    ['app=we b', 1, /not 'key=value'/],
    ['-bad=x', 1, /not 'key=value'/],
    ['app>3', 1, /not 'key=value'/],
  ])('rejects %p at term %p', (text, term, message) => {
    let error: unknown;
    try {
      parseLabelSelectorText(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LabelSelectorSyntaxError);
    expect((error as LabelSelectorSyntaxError).term).toBe(term);
    expect((error as Error).message).toMatch(message);
  });
});
