import { formatFieldPath } from './source';

describe('formatFieldPath', () => {
  it('renders kubectl-style paths', () => {
    expect(formatFieldPath(['spec', 'ingress', 0, 'fromEndpoints'])).toBe(
      'spec.ingress[0].fromEndpoints',
    );
    expect(formatFieldPath([])).toBe('');
  });
});
