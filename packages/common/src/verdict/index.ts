export { explainFlow, resolveAuth } from './explainFlow';
export { istioPosture, meshMembership } from './istio';
export { allowedDeclaredPorts, annotateIstio } from './connectionIstio';
