export * from './types';
export * from './aggregation';
export * from './observedFlows';
