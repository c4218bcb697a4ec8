export { PeeringPages } from './PeeringPages';
export { PeeringForm } from './PeeringForm';
export { PeeringInbox } from './PeeringInbox';
export { PeeringDetailView } from './PeeringDetailView';
export { validatePeeringForm, parsePorts } from './formValidation';
