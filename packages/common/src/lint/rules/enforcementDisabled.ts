import { defineRule } from '../rule';
import { isObj, str } from '../util/access';
import { isCiliumConfig } from '../util/settings';
import { ciliumConfig } from './examples';

/** C24: audit mode or enable-policy=never means nothing is enforced. */
export const enforcementDisabled = defineRule(
  {
    id: 'cilium-enforcement-disabled',
    semanticsId: 'C24',
    title: 'Policy enforcement is off',
    severity: 'warning',
    category: 'enforcement',
    threat: 'unauthorized-access',
    rationale:
      '`policy-audit-mode=true` turns every drop into an audit verdict and `enable-policy=never` disables enforcement: no network policy in the cluster is enforced.',
    badExample: ciliumConfig({
      'cluster-name': 'c1',
      'cluster-id': '1',
      'policy-audit-mode': 'true',
    }),
    goodExample: ciliumConfig({
      'cluster-name': 'c1',
      'cluster-id': '1',
      'policy-audit-mode': 'false',
      'enable-policy': 'default',
    }),
    appliesTo: ['cilium-config'],
    needsContext: false,
  },
  ctx =>
    ctx.resources.filter(isCiliumConfig).flatMap(r => {
      const data = (r.object as { data?: unknown }).data;
      if (!isObj(data)) return [];
      const out = [];
      if (str(data['policy-audit-mode'])?.trim().toLowerCase() === 'true') {
        out.push({
          resource: r,
          path: ['data', 'policy-audit-mode'],
          message:
            'policy-audit-mode is on: drops are only audited, no policy is enforced.',
        });
      }
      if (str(data['enable-policy'])?.trim() === 'never') {
        out.push({
          resource: r,
          path: ['data', 'enable-policy'],
          message:
            'enable-policy=never: no policy is enforced in this cluster.',
        });
      }
      return out;
    }),
);
