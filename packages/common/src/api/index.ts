export * from './types';
export * from './aggregation';
