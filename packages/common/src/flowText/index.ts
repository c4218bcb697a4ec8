export { parseEndpointText, parsePortText } from './endpointText';
