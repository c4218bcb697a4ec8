/** What the server sends for `ytk/preview`: the effect of each policy in a file, plus its findings. */
export interface PreviewEdge {
  direction: 'ingress' | 'egress';
  subject: string;
  peer: string;
  peerIsWorkload: boolean;
  ports: string;
  crossCluster: boolean;
  dropped: boolean;
  action: 'allow' | 'deny' | 'pass';
}

export interface PreviewPolicy {
  id: string;
  kind: string;
  name: string;
  cluster: string;
  summary: string;
  invalid?: string;
  subjects: string[];
  edges: PreviewEdge[];
}

export interface PreviewFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
}

export interface PreviewModel {
  uri: string;
  version: number;
  policies: PreviewPolicy[];
  findings: PreviewFinding[];
}
