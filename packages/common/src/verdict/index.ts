export { explainFlow, resolveAuth } from './explainFlow';
