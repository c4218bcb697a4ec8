import type { Hit } from '../types';
import { defineRule } from '../rule';
import { isObj, str } from '../util/access';
import { requirements } from '../util/labels';
import { ofKind } from '../util/policies';
import { renderTemplate, spiffeIdError, trustDomainOf } from '../util/spiffe';
import { clusterSpiffeId } from './spiffeExamples';

/** S01: a ClusterSPIFFEID template that renders an invalid or foreign ID. */
export const spiffeIdTemplateInvalid = defineRule(
  {
    id: 'spiffe-id-template-invalid',
    semanticsId: 'S01',
    title: 'SPIFFE ID template renders an invalid ID',
    severity: 'error',
    category: 'spiffe',
    threat: 'denial-of-service',
    rationale:
      "spire-controller-manager renders `spiffeIDTemplate` per pod; an ID that does not parse (uppercase trust domain, empty or dot segments, trailing slash, `<no value>` from an unknown field) or that is outside the controller's trust domain is a render failure: the pod gets no SVID.",
    badExample: clusterSpiffeId(
      'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccount }}/',
    ),
    goodExample: clusterSpiffeId(
      'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
    ),
    appliesTo: ['ClusterSPIFFEID'],
    needsContext: false,
  },
  ctx => {
    const localTd = ctx.settings.cluster?.spiffe.trustDomain;
    return ofKind(ctx.resources, 'ClusterSPIFFEID').flatMap(r => {
      const spec = (r.object as { spec?: unknown }).spec;
      if (!isObj(spec)) return [];
      const template = str(spec.spiffeIDTemplate);
      if (template === undefined) return [];
      const path = ['spec', 'spiffeIDTemplate'];
      const hits: Hit[] = [];
      const out = renderTemplate(template, localTd ?? 'example.org');
      if (out.unknownFields.length > 0) {
        hits.push({
          resource: r,
          path,
          message: `template field ${out.unknownFields.join(', ')} is not a known template field: rendering fails or yields "<no value>", an invalid ID.`,
        });
      } else {
        const err = spiffeIdError(out.id);
        if (err)
          hits.push({
            resource: r,
            path,
            message: `rendered ID ${out.id} is invalid: ${err}.`,
          });
      }
      const td = trustDomainOf(out.id);
      if (localTd && td && !out.usesTrustDomain && td !== localTd) {
        hits.push({
          resource: r,
          path,
          message: `rendered ID is in trust domain ${td}, not the controller's ${localTd}: render failure.`,
        });
      }
      const required = new Set(
        requirements(spec.podSelector)
          .filter(q => q.operator === 'In' || q.operator === 'Exists')
          .map(q => q.key),
      );
      const missing = out.labels.filter(l => !required.has(l));
      if (missing.length > 0 && hits.length === 0) {
        const empty = renderTemplate(
          template.replace(
            /\{\{-?\s*(index\s+\.PodMeta\.Labels\s+"[^"]*"|\.PodMeta\.Labels\.[A-Za-z0-9_]+)\s*-?\}\}/g,
            '',
          ),
          localTd ?? 'example.org',
        );
        const err = spiffeIdError(empty.id);
        if (err) {
          hits.push({
            resource: r,
            path,
            severity: 'warning',
            message: `pods without label ${missing.join(', ')} render ${empty.id} (${err}); require the label in podSelector.`,
          });
        }
      }
      return hits;
    });
  },
);
