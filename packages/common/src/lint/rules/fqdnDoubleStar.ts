import { defineRule } from '../rule';
import { arr, isObj, str } from '../util/access';
import { portRules } from '../util/l7';
import { ciliumRules } from '../util/policies';
import { compareVersions } from '../util/version';
import { CILIUM_KINDS, cnp } from './examples';

/** C12: `**.` patterns changed from one level to any number of levels in 1.19. */
export const fqdnDoubleStar = defineRule(
  {
    id: 'cilium-fqdn-double-star',
    semanticsId: 'C12',
    title: '`**.` FQDN pattern changes meaning in 1.19',
    severity: 'warning',
    category: 'dns',
    threat: 'unauthorized-access',
    rationale:
      'Before Cilium 1.19 a `**.` prefix in matchPattern behaved like a single label (`*.`); from 1.19 it matches any number of subdomain levels. A policy written before the upgrade silently widens. Reported when the target version is unknown or older than 1.19.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toFQDNs:
      - matchPattern: "**.example.com"
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toFQDNs:
      - matchPattern: "*.example.com"
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx => {
    const v = ctx.settings.version;
    if (v && compareVersions(v, '1.19') >= 0) return [];
    const message = `matchPattern "**." matches one label before Cilium 1.19 and any number of labels from 1.19 on (${v ? `target ${v}` : 'version unknown'}).`;
    return ciliumRules(ctx.resources).flatMap(r => [
      ...(arr(r.rule.toFQDNs) ?? []).flatMap((e, i) =>
        isObj(e) && str(e.matchPattern)?.startsWith('**.')
          ? [
              {
                resource: r.resource,
                path: [...r.path, 'toFQDNs', i, 'matchPattern'],
                message,
              },
            ]
          : [],
      ),
      ...portRules(r).flatMap(pr =>
        (
          arr((pr.portRule.rules as { dns?: unknown } | undefined)?.dns) ?? []
        ).flatMap((e, i) =>
          isObj(e) && str(e.matchPattern)?.startsWith('**.')
            ? [
                {
                  resource: r.resource,
                  path: [...pr.path, 'rules', 'dns', i, 'matchPattern'],
                  message,
                },
              ]
            : [],
        ),
      ),
    ]);
  },
);
