export { PolicyView } from './PolicyView';
