export { YtkPage } from './YtkPage';
