export * from './YtkApi';
export { YtkClient } from './YtkClient';
export * from './peering';
export * from './findings';
export * from './inputProblems';
