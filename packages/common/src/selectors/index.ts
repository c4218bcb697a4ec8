export * from './labelSelector';
export * from './identityLabels';
export * from './endpointSelector';
export * from './labelSelectorText';
export * from './calicoSelector';
