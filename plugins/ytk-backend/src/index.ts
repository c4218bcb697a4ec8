/**
 * ytk backend plugin: multi-cluster network policy overlay, connectivity,
 * flow explanation and lint over REST.
 *
 * @packageDocumentation
 */
export { ytkPlugin as default } from './plugin';
export * from './permissions';
