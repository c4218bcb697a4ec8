export * from './overlayBuilder';
export { generateSyntheticOverlay, type SyntheticOptions } from './synthetic';
export { NaiveEvaluator } from './naiveEvaluator';
export { overlayManifests, overlayManifestsYaml } from './overlayManifests';
