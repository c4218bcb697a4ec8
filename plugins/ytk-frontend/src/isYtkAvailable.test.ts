import { isYtkAvailable } from './isYtkAvailable';

const entity = (annotations?: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations },
});

describe('isYtkAvailable', () => {
  it('accepts either Kubernetes annotation', () => {
    expect(isYtkAvailable(entity({ 'backstage.io/kubernetes-id': 'x' }))).toBe(
      true,
    );
    expect(
      isYtkAvailable(
        entity({ 'backstage.io/kubernetes-label-selector': 'app=checkout' }),
      ),
    ).toBe(true);
  });

  it('rejects entities without them, or with empty values', () => {
    expect(isYtkAvailable(entity())).toBe(false);
    expect(isYtkAvailable(entity({ 'backstage.io/kubernetes-id': '' }))).toBe(
      false,
    );
    expect(
      isYtkAvailable(entity({ 'backstage.io/techdocs-ref': 'dir:.' })),
    ).toBe(false);
  });
});
