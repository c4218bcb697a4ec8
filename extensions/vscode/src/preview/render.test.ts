import { renderPreviewHtml } from './render';
import type { PreviewModel } from './model';

const model: PreviewModel = {
  uri: 'file:///x/<evil>.yaml',
  version: 3,
  policies: [
    {
      id: 'us-east/payments/CiliumNetworkPolicy/fraud-scoring',
      kind: 'CiliumNetworkPolicy',
      name: '<img src=x onerror=alert(1)>',
      cluster: 'us-east',
      summary: 'selects 1 workload',
      subjects: ['us-east/payments/Deployment/fraud-scoring'],
      edges: [
        {
          direction: 'ingress',
          subject: 'us-east/payments/Deployment/fraud-scoring',
          peer: 'eu-west/payments/Deployment/checkout-api',
          peerIsWorkload: true,
          ports: '50051/TCP',
          crossCluster: true,
          dropped: true,
          action: 'allow',
        },
      ],
    },
  ],
  findings: [],
};

describe('preview webview HTML', () => {
  const html = renderPreviewHtml(model, 'n0nce');

  it('has a strict CSP with nonce-only script and style, and no remote content', () => {
    expect(html).toContain(
      `default-src 'none'; style-src 'nonce-n0nce'; script-src 'nonce-n0nce';`,
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="n0nce">');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });

  it('escapes document content and marks dropped cross-cluster flows', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('DROPPED — mutual auth across ClusterMesh');
    expect(html).toContain('class="edge dropped cross ');
  });
});
