export { explainFlow, resolveAuth } from './explainFlow';
export { istioPosture, meshMembership } from './istio';
