// The cluster's certificates: a CA, the API server's serving certificate and
// client certificates, created on first start under <data-dir>/pki and
// reused afterwards. ECDSA P-256 keys, SHA-256 signatures.
import type * as X509 from '@peculiar/x509';
import { webcrypto, randomBytes, createPublicKey, type KeyObject, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

// the certificate library is loaded only when a certificate must be made (first start)
let x509mod: typeof X509 | undefined;
async function x509lib(): Promise<typeof X509> {
  if (!x509mod) {
    await import('reflect-metadata');
    x509mod = await import('@peculiar/x509');
    x509mod.cryptoProvider.set(webcrypto as unknown as Crypto);
  }
  return x509mod;
}

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface KeyPairPem {
  cert: string;
  key: string;
}

export interface Pki {
  dir: string;
  ca: KeyPairPem;
  serving: KeyPairPem;
  admin: KeyPairPem;
  /** client certificates of in-process components, by user name (PkiOptions.clients) */
  clients: Record<string, KeyPairPem>;
  /** key pair signing service account tokens */
  serviceAccountKey: { privateKey: KeyObject; publicKey: KeyObject; privatePem: string; publicPem: string };
}

function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

function pemKey(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64.trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

async function importPrivate(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', der, alg, true, ['sign']) as Promise<CryptoKey>;
}

function writeAtomic(path: string, data: string, mode = 0o600): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function exportKey(k: CryptoKey): Promise<string> {
  return pemKey((await webcrypto.subtle.exportKey('pkcs8', k)) as ArrayBuffer);
}

const tenYears = 10 * 365 * 24 * 3600 * 1000;
const oneYear = 365 * 24 * 3600 * 1000;

export async function createCa(commonName: string): Promise<KeyPairPem> {
  const x509 = await x509lib();
  const keys = await newKeys();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now - 3600 * 1000),
    notAfter: new Date(now + tenYears),
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

export interface LeafSpec {
  commonName: string;
  organizations?: string[];
  dnsNames?: string[];
  ips?: string[];
  server?: boolean;
  client?: boolean;
  validForMs?: number;
}

function dnEscape(v: string): string {
  return v.replace(/([,+"\\<>;=])/g, '\\$1');
}

export async function issue(ca: KeyPairPem, spec: LeafSpec): Promise<KeyPairPem> {
  const x509 = await x509lib();
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await importPrivate(ca.key);
  const keys = await newKeys();
  const now = Date.now();
  const subject = [`CN=${dnEscape(spec.commonName)}`, ...(spec.organizations ?? []).map((o) => `O=${dnEscape(o)}`)].join(', ');
  const usages: string[] = [];
  if (spec.server) usages.push(x509.ExtendedKeyUsage.serverAuth);
  if (spec.client) usages.push(x509.ExtendedKeyUsage.clientAuth);
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension(usages, false),
    await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
  ];
  const names: X509.JsonGeneralName[] = [
    ...(spec.dnsNames ?? []).map((d) => ({ type: 'dns' as const, value: d })),
    ...(spec.ips ?? []).map((ip) => ({ type: 'ip' as const, value: ip })),
  ];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: new Date(now - 3600 * 1000),
    notAfter: new Date(now + (spec.validForMs ?? oneYear)),
    signingAlgorithm: alg,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions,
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

function readPair(dir: string, name: string): KeyPairPem | null {
  const c = join(dir, `${name}.crt`);
  const k = join(dir, `${name}.key`);
  if (!existsSync(c) || !existsSync(k)) return null;
  return { cert: readFileSync(c, 'utf8'), key: readFileSync(k, 'utf8') };
}

/** pki/<name>.crt and .key of a component's client certificate */
function clientFile(user: string): string {
  return user.replace(/[^a-z0-9-]/g, '-');
}

/** a client certificate made earlier for `user` (PkiOptions.clients), if there is one */
export function readClient(dir: string, user: string): KeyPairPem | null {
  return readPair(dir, clientFile(user));
}

function writePair(dir: string, name: string, p: KeyPairPem): void {
  writeAtomic(join(dir, `${name}.key`), p.key);
  writeAtomic(join(dir, `${name}.crt`), p.cert, 0o644);
}

export interface PkiOptions {
  dir: string;
  /** extra SANs for the serving certificate */
  ips: string[];
  dnsNames: string[];
  /** users that get a client certificate of their own (in-process components calling the API) */
  clients?: string[];
}

/** Load the certificates under dir, creating whatever is missing. */
export async function ensurePki(opts: PkiOptions): Promise<Pki> {
  const dir = opts.dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let ca = readPair(dir, 'ca');
  if (!ca) {
    ca = await createCa(`tskube-ca@${Math.floor(Date.now() / 1000)}`);
    writePair(dir, 'ca', ca);
  }
  // the serving certificate is re-issued when the wanted names change
  const wanted = JSON.stringify({ ips: [...opts.ips].sort(), dns: [...opts.dnsNames].sort() });
  const sansFile = join(dir, 'apiserver.sans');
  let serving = readPair(dir, 'apiserver');
  if (!serving || !existsSync(sansFile) || readFileSync(sansFile, 'utf8') !== wanted) {
    serving = await issue(ca, { commonName: 'kube-apiserver', dnsNames: opts.dnsNames, ips: opts.ips, server: true });
    writePair(dir, 'apiserver', serving);
    writeAtomic(sansFile, wanted, 0o644);
  }
  let admin = readPair(dir, 'admin');
  if (!admin) {
    admin = await issue(ca, { commonName: 'kubernetes-admin', organizations: ['system:masters'], client: true, validForMs: tenYears });
    writePair(dir, 'admin', admin);
  }
  const clients: Record<string, KeyPairPem> = {};
  for (const user of opts.clients ?? []) {
    let pair = readClient(dir, user);
    if (!pair) {
      pair = await issue(ca, { commonName: user, client: true, validForMs: tenYears });
      writePair(dir, clientFile(user), pair);
    }
    clients[user] = pair;
  }
  const saKeyPath = join(dir, 'sa.key');
  if (!existsSync(saKeyPath)) {
    const { generateKeyPairSync } = await import('node:crypto');
    // ECDSA P-256 (ES256 tokens): as accepted as RSA by token verifiers and far quicker to make
    const kp = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeAtomic(saKeyPath, kp.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    writeAtomic(join(dir, 'sa.pub'), kp.publicKey.export({ format: 'pem', type: 'spki' }) as string, 0o644);
  }
  const privatePem = readFileSync(saKeyPath, 'utf8');
  const privateKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(privateKey);
  return {
    dir,
    ca,
    serving,
    admin,
    clients,
    serviceAccountKey: { privateKey, publicKey, privatePem, publicPem: publicKey.export({ format: 'pem', type: 'spki' }) as string },
  };
}
