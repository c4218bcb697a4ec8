import { Chip } from '@material-ui/core';
import type { FlowClassification } from '@ytknetwork/common';
import { CLASSIFICATION_TEXT, isUnexpectedClass } from './format';

/** A flow's classification; the unexpected ones stand out (filled, warning sign). */
export function ClassificationChip(props: {
  classification: FlowClassification;
}) {
  const c = props.classification;
  const unexpected = isUnexpectedClass(c);
  return (
    <Chip
      size="small"
      data-testid="ytk-flow-classification"
      data-classification={c}
      label={`${unexpected ? '⚠ ' : ''}${CLASSIFICATION_TEXT[c]}`}
      color={unexpected ? 'secondary' : 'default'}
      variant={unexpected ? 'default' : 'outlined'}
    />
  );
}
