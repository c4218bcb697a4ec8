import { defineRule } from '../rule';
import type { Hit } from '../types';
import { arr, has, isObj } from '../util/access';
import { calicoPolicies } from '../util/calicoPolicies';
import { calico } from './examples';

/** P03: a GlobalNetworkPolicy Allow whose peer is only a notSelector admits non-Calico peers. */
export const calicoNotSelector = defineRule(
  {
    id: 'calico-not-selector-non-calico',
    semanticsId: 'P03',
    title: 'Calico notSelector also admits non-Calico peers',
    severity: 'warning',
    category: 'exposure',
    threat: 'unauthorized-access',
    rationale:
      "`notSelector: \"app == 'web'\"` matches every peer that is not a Calico endpoint labelled app=web — including peers that are no Calico endpoints at all: the internet, host endpoints, other clusters. `selector: \"!(app == 'web')\"` matches only Calico endpoints without that label. In a GlobalNetworkPolicy an Allow rule whose peer has only a notSelector (no selector, namespaceSelector, serviceAccounts or nets) therefore admits the world. (In a namespaced NetworkPolicy Calico scopes the rule to the policy's namespace, so this does not happen.)",
    badExample: calico(
      `
selector: app == 'db'
ingress:
  - action: Allow
    source:
      notSelector: app == 'web'
`,
      'GlobalNetworkPolicy',
    ),
    goodExample: calico(
      `
selector: app == 'db'
ingress:
  - action: Allow
    source:
      selector: "!(app == 'web')"
`,
      'GlobalNetworkPolicy',
    ),
    appliesTo: ['GlobalNetworkPolicy'],
    needsContext: false,
  },
  ctx => {
    const hits: Hit[] = [];
    for (const p of calicoPolicies(ctx.resources)) {
      if (!p.global) continue;
      for (const dir of ['ingress', 'egress'] as const) {
        arr(p.spec[dir])?.forEach((r, i) => {
          if (!isObj(r) || r.action !== 'Allow') return;
          const side = dir === 'ingress' ? 'source' : 'destination';
          const e = r[side];
          if (!isObj(e) || !has(e, 'notSelector')) return;
          const positive = [
            'selector',
            'namespaceSelector',
            'serviceAccounts',
            'nets',
          ].some(k => has(e, k));
          if (positive) return;
          hits.push({
            resource: p.resource,
            path: ['spec', dir, i, side, 'notSelector'],
            message: `${side}.notSelector also matches peers that are not Calico endpoints (the internet, host endpoints, other clusters): this Allow admits them. Use ${side}.selector: "!(…)" to match only Calico endpoints without those labels.`,
          });
        });
      }
    }
    return hits;
  },
);
