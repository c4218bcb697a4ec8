/**
 * @ytknetwork/common: the ytk policy engine. Browser-safe: no Node built-ins.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './yaml';
export * from './resources';
export * from './selectors';
export * from './overlay';
export * from './policy';
export * from './verdict';
export * from './connectivity';
export {
  generateSyntheticOverlay,
  NaiveEvaluator,
  overlayManifests,
  overlayManifestsYaml,
  type SyntheticOptions,
} from './testing';
export * from './lint';
export * from './api';
export * from './peering';
export * from './flowText';
export * from './posture';
export * from './catalog';
export * from './observed';
