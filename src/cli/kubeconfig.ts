// A kubeconfig with embedded certificates for one user and one cluster.
const b64 = (s: string) => Buffer.from(s).toString('base64');

export interface KubeconfigSpec {
  server: string;
  caPem: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  user: string;
  cluster?: string;
}

export function kubeconfig(k: KubeconfigSpec): string {
  const cluster = k.cluster ?? 'tskube';
  const userLines = k.token
    ? `    token: ${k.token}\n`
    : `    client-certificate-data: ${b64(k.certPem ?? '')}\n    client-key-data: ${b64(k.keyPem ?? '')}\n`;
  return `apiVersion: v1
kind: Config
clusters:
- name: ${cluster}
  cluster:
    server: ${k.server}
    certificate-authority-data: ${b64(k.caPem)}
users:
- name: ${k.user}
  user:
${userLines}contexts:
- name: ${k.user}@${cluster}
  context:
    cluster: ${cluster}
    user: ${k.user}
current-context: ${k.user}@${cluster}
preferences: {}
`;
}
