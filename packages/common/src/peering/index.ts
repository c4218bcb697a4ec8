export * from './types';
export { validatePeeringRequest } from './validate';
export {
  generatePeeringPolicies,
  renderPeeringYaml,
  withGeneratedPolicies,
  PeeringGenerationError,
} from './generate';
export { verifyPeering, type PeeringVerification } from './verify';
export {
  toIntervals,
  subtract,
  describeIntervals,
  type PortIntervals,
} from './portSet';
