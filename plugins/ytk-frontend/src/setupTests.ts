import '@testing-library/jest-dom';

// jsdom has no layout: ReactFlow observes its container's size.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = ResizeObserverStub;
}
// ReactFlow reads the zoom from a DOMMatrix of the viewport's transform.
if (!('DOMMatrixReadOnly' in globalThis)) {
  (globalThis as any).DOMMatrixReadOnly = class {
    m22: number;
    constructor(transform?: string) {
      const scale = transform?.match(/scale\(([0-9.]+)\)/)?.[1];
      this.m22 = scale ? Number(scale) : 1;
    }
  };
}
