export { computeConnectivity, connectionAllows } from './compute';
export { diffConnectivity, endpointKey } from './diff';
export { toPortSpec, fromPortSpec, type PortSet } from './portSet';
