export * from './types';
export {
  POSTURE_CATALOGUE_VERSION,
  POSTURE_REQUIREMENTS,
  postureRequirement,
} from './catalogue';
export {
  assessPosture,
  isGatewayWorkload,
  worstStatus,
  type AssessOptions,
} from './assess';
export { renderPostureCatalogueDocs } from './docs';
