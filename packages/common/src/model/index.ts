export * from './source';
export * from './kube';
export * from './document';
export * from './overlay';
export * from './flow';
export * from './finding';
