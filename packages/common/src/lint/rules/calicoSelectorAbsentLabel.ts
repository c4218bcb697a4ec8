import {
  absentLabelMatches,
  tryParseCalicoSelector,
} from '../../selectors/calicoSelector';
import { defineRule } from '../rule';
import type { Hit } from '../types';
import { calicoPolicies, selectorsOf } from '../util/calicoPolicies';
import { calico } from './examples';

/** P02: `!=` / `not in` also match endpoints that lack the label. */
export const calicoSelectorAbsentLabel = defineRule(
  {
    id: 'calico-selector-absent-label',
    semanticsId: 'P02',
    title: 'Calico != / not in also match endpoints without the label',
    severity: 'warning',
    category: 'selection',
    threat: 'unauthorized-access',
    rationale:
      "In Calico's selector language `env != 'prod'` and `env not in {'prod'}` are true for an endpoint that has no `env` label at all (unlike `env == 'x'` or `env in {…}`, which need the label). A selector written to mean \"labelled, but not prod\" then also selects every unlabelled pod — in a source selector, every unlabelled client. Add `has(env) &&` when the label must be present.",
    badExample: calico(`
selector: app == 'db'
ingress:
  - action: Allow
    source:
      selector: env != 'prod'
`),
    goodExample: calico(`
selector: app == 'db'
ingress:
  - action: Allow
    source:
      selector: has(env) && env != 'prod'
`),
    appliesTo: ['CalicoNetworkPolicy', 'GlobalNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const hits: Hit[] = [];
    for (const p of calicoPolicies(ctx.resources)) {
      for (const { text, path } of selectorsOf(p)) {
        const parsed = tryParseCalicoSelector(text);
        if (!parsed.selector) continue;
        for (const m of absentLabelMatches(parsed.selector))
          hits.push({
            resource: p.resource,
            path,
            message: `${m.text} also matches endpoints without the label "${m.key}" (Calico's != and not in are true when the label is absent): write has(${m.key}) && … if the label must be present.`,
          });
      }
    }
    return hits;
  },
);
