import { testOverlay } from '../testing';
import { parseEndpointText, parsePortText } from './endpointText';

const overlay = testOverlay([
  {
    name: 'c1',
    workloads: [{ name: 'web', namespace: 'shop', labels: { app: 'web' } }],
  },
]);

describe('parseEndpointText', () => {
  it('reads workloads, entities and addresses', () => {
    expect(parseEndpointText(overlay, 'web')).toEqual({
      workload: 'c1/shop/Deployment/web',
    });
    expect(parseEndpointText(overlay, 'shop/web')).toEqual({
      workload: 'c1/shop/Deployment/web',
    });
    expect(parseEndpointText(overlay, 'world')).toEqual({ entity: 'world' });
    expect(parseEndpointText(overlay, 'entity:kube-apiserver')).toEqual({
      entity: 'kube-apiserver',
    });
    expect(parseEndpointText(overlay, 'cidr:10.0.0.0/8')).toEqual({
      cidr: '10.0.0.0/8',
    });
    expect(parseEndpointText(overlay, '203.0.113.7')).toEqual({
      cidr: '203.0.113.7/32',
    });
    expect(parseEndpointText(overlay, '2001:db8::1')).toEqual({
      cidr: '2001:db8::1/128',
    });
    expect(parseEndpointText(overlay, 'nope')).toBeUndefined();
  });
});

describe('parsePortText', () => {
  it('defaults to TCP and bounds the port', () => {
    expect(parsePortText('443')).toEqual({ port: 443, protocol: 'TCP' });
    expect(parsePortText('53/udp')).toEqual({ port: 53, protocol: 'UDP' });
    expect(parsePortText('0')).toBeUndefined();
    expect(parsePortText('70000/TCP')).toBeUndefined();
    expect(parsePortText('80/ICMP')).toBeUndefined();
  });
});
