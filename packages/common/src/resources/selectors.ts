import type { LabelSelector, LabelSelectorRequirement } from '../model/kube';
import type { DecodeContext } from './context';
import {
  arrayOf,
  objectOf,
  oneOf,
  refine,
  str,
  stringMap,
  type Decoder,
} from './fields';
import { labelValue, qualifiedName } from './validation';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/**
 * Kubernetes selectors validate keys as qualified names. Cilium keys may carry a
 * source prefix (`k8s:`, `reserved:`, `any:`) and are not syntax-checked by the CRD;
 * only values are.
 */
export type SelectorFlavor = 'kubernetes' | 'cilium';

function requirement(
  flavor: SelectorFlavor,
): Decoder<LabelSelectorRequirement> {
  const keyCheck = flavor === 'kubernetes' ? qualifiedName : () => undefined;
  return refine(
    objectOf<LabelSelectorRequirement>(
      {
        key: str,
        operator: oneOf(OPERATORS),
        values: arrayOf(str),
      },
      { required: ['key', 'operator'] },
    ),
    (req, raw, path, ctx: DecodeContext) => {
      if (typeof raw.key === 'string') {
        const bad = keyCheck(raw.key);
        if (bad)
          ctx.error(
            'invalid-value',
            [...path, 'key'],
            `invalid label key "${raw.key}": ${bad}`,
          );
      }
      const values = Array.isArray(raw.values) ? raw.values : [];
      if (
        (req.operator === 'In' || req.operator === 'NotIn') &&
        values.length === 0
      ) {
        ctx.error(
          'invalid-value',
          [...path, 'values'],
          `must be non-empty when operator is ${req.operator}`,
        );
      }
      if (
        (req.operator === 'Exists' || req.operator === 'DoesNotExist') &&
        values.length > 0
      ) {
        ctx.error(
          'invalid-value',
          [...path, 'values'],
          `must be empty when operator is ${req.operator}`,
        );
      }
      values.forEach((v, i) => {
        if (typeof v === 'string' && labelValue(v)) {
          ctx.error(
            'invalid-value',
            [...path, 'values', i],
            `invalid label value "${v}": ${labelValue(v)}`,
          );
        }
      });
    },
  );
}

export function labelSelector(flavor: SelectorFlavor): Decoder<LabelSelector> {
  return objectOf<LabelSelector>({
    matchLabels: stringMap(
      flavor === 'kubernetes' ? qualifiedName : undefined,
      labelValue,
    ),
    matchExpressions: arrayOf(requirement(flavor)),
  });
}

export const k8sSelector = labelSelector('kubernetes');
export const ciliumSelector = labelSelector('cilium');
