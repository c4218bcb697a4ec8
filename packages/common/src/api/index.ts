export * from './types';
export * from './aggregation';
export * from './posture';
export * from './observedFlows';
