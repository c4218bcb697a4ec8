export { buildOverlay } from './buildOverlay';
export { parseCiliumConfig } from './ciliumConfig';
export { workloadRef, parseWorkloadRef, findWorkload } from './workloadRef';
export { ciliumAtLeast, parseVersion, NEWEST_CILIUM } from './version';
