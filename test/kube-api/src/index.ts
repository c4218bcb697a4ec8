export { startKubeApiServer } from './server';
export type {
  KubeApiServer,
  KubeApiServerOptions,
  KubeconfigObject,
  TokenGrant,
} from './server';
export { Catalogue, DEFAULT_RESOURCES } from './catalogue';
export type { ResourceDef } from './catalogue';
export { ObjectStore } from './store';
export type { StoreEvent } from './store';
export { Faults } from './faults';
export type { FaultMatch } from './faults';
export type { RequestLogEntry } from './exchange';
export { loadFixtures, parseFixtureText } from './fixtures';
export { generateTestCertificates } from './certs';
export type { KubeObject } from './selectors';
