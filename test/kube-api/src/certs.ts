import { generateKeyPairSync, randomBytes } from 'crypto';
import forge from 'node-forge';

/** A throwaway CA and a server certificate it signed, all PEM. */
export interface TestCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

// Node's crypto makes keys fast (native) but has no X.509 builder, so node-forge
// (pure JS, no downloads) only assembles and signs the certificates.
function newKeyPair() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  const pub = forge.pki.setRsaPublicKey(key.n, key.e);
  return { pem, key, pub };
}

function serial(): string {
  // Positive serial: clear the top bit so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate) {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 7 * 24 * 60 * 60 * 1000);
}

/** Generates a CA and a server cert for 127.0.0.1, ::1 and localhost. */
export function generateTestCertificates(
  options: { hosts?: string[] } = {},
): TestCertificates {
  const hosts = options.hosts ?? ['127.0.0.1', '::1', 'localhost'];
  const ca = newKeyPair();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.pub;
  caCert.serialNumber = serial();
  validity(caCert);
  const caSubject = [{ name: 'commonName', value: 'ytk kube-api test CA' }];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.key, forge.md.sha256.create());

  const server = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = server.pub;
  cert.serialNumber = serial();
  validity(cert);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caSubject);
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map(h =>
        isIp(h) ? { type: 7, ip: h } : { type: 2, value: h },
      ),
    },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());

  return {
    caCert: forge.pki.certificateToPem(caCert),
    serverCert: forge.pki.certificateToPem(cert),
    serverKey: server.pem,
  };
}
