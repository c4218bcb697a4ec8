export { ExplanationView } from './ExplanationView';
