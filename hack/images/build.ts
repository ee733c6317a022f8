// Builds the container images of hack/images/images.ts as OCI image layout tarballs,
// without any registry, for `ctr -n k8s.io images import <tar>`.
//
//   node dist/hack/images/build.js [--list] [--out DIR] [image...]
//
// image: a full reference (registry.k8s.io/pause:3.10.1), a tarball name
// (pause_3.10.1) or name:tag as in the tarball name (pause:3.10.1); none: all images.
// Prints each tarball's path on stdout, one a line, in the order asked; progress and
// timings go to stderr. --list prints "reference<TAB>tarball<TAB>what it runs".
//
// Output: ${TSKUBE_CACHE:-$HOME/.cache/tskube}/images/<file>.tar (--out DIR to change),
// next to a stamp .<file>.stamp: the sha256 of everything the image is made of (the
// builder version, the config, and for each layer every path, mode, owner, link target
// and content digest). An image whose tarball exists with a matching stamp is not
// rewritten. Tarballs are written to a temp file and renamed into place.
//
// Reproducible: layer tars have sorted names, numeric owner 0 (or the item's), mtime 0,
// no user/group names; gzip has no name and mtime 0 (as gzip -n); JSON is written in a
// fixed key order; configs have a fixed creation time. Two builds from the same inputs
// are byte-identical.
//
// Inputs it may build or install (only for the images asked for):
//  - Debian packages named by the catalogue (busybox-static, bind9-dnsutils, ...) and
//    gcc/libc6-dev: when one is missing and we run as root it runs
//    `apt-get install -y --no-install-recommends` (and `apt-get update` once if that
//    fails); otherwise it stops and names the packages.
//  - ${cache}/images/bin/{pause,nnp}: gcc -static -Os -s (hack/images/pause/pause.c,
//    images.ts NNP_SOURCE); ${cache}/images/bin/sample-apiserver: go build of
//    k8s.io/sample-apiserver in hack/upstream's module (-mod=readonly);
//    agnhost: hack/upstream/build.sh agnhost; etcd, etcdctl: hack/etcd/build.sh.
//    Compilers run under `nice -n ${TSKUBE_BUILD_NICE:-19}`; the CLI lowers its own
//    priority the same way (gzip is the heavy part).
//
// Node built-ins only (fs, zlib, crypto, child_process).

import { createHash, createPrivateKey, createPublicKey, sign as cryptoSign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { type ArtifactName, type Image, type ImageConfig, type Item, type Layer, type Source, NNP_SOURCE, findImages, images, notBuilt } from './images.js';

/** Bump when the output format changes, so stamps no longer match. */
const BUILDER_VERSION = 'tskube-images/1';
const EPOCH_ISO = '1970-01-01T00:00:00Z';

const MEDIA_INDEX = 'application/vnd.oci.image.index.v1+json';
const MEDIA_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const MEDIA_CONFIG = 'application/vnd.oci.image.config.v1+json';
const MEDIA_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

export const repoRoot = findRepoRoot();

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'hack', 'images', 'pause', 'pause.c'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (hack/images/pause/pause.c)');
    dir = up;
  }
}

export function cacheDir(): string {
  return process.env.TSKUBE_CACHE || path.join(os.homedir(), '.cache', 'tskube');
}

function log(msg: string): void {
  process.stderr.write(`images: ${msg}\n`);
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------
// tar (ustar + pax extended headers for long names)

export interface TarEntry {
  /** Relative path, no leading "/", no trailing "/". */
  name: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  data?: Buffer;
  linkname?: string;
}

function octal(n: number, width: number): string {
  // width bytes: digits, then NUL
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function putString(buf: Buffer, s: string | Buffer, off: number, len: number): void {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  if (b.length > len) throw new Error(`tar: field too long (${b.length} > ${len}): ${b.toString()}`);
  b.copy(buf, off);
}

function rawHeader(name: string, prefix: string, typeflag: string, mode: number, uid: number, gid: number, size: number, linkname: string): Buffer {
  const h = Buffer.alloc(512, 0);
  putString(h, name, 0, 100);
  putString(h, octal(mode & 0o7777, 8), 100, 8);
  putString(h, octal(uid, 8), 108, 8);
  putString(h, octal(gid, 8), 116, 8);
  putString(h, octal(size, 12), 124, 12);
  putString(h, octal(0, 12), 136, 12); // mtime
  h.fill(0x20, 148, 156); // checksum placeholder: spaces
  putString(h, typeflag, 156, 1);
  putString(h, linkname, 157, 100);
  putString(h, 'ustar\0', 257, 6);
  putString(h, '00', 263, 2);
  // uname (265, 32) and gname (297, 32) stay empty: numeric owner only
  putString(h, octal(0, 8), 329, 8);
  putString(h, octal(0, 8), 337, 8);
  putString(h, prefix, 345, 155);
  let sum = 0;
  for (const byte of h) sum += byte;
  putString(h, sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

function padding(size: number): Buffer {
  const rem = size % 512;
  return rem === 0 ? Buffer.alloc(0) : Buffer.alloc(512 - rem, 0);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** Splits a name into ustar prefix/name, or returns null when it needs a pax header. */
function splitName(name: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest.length > 0) return { prefix, name: rest };
  }
  return null;
}

/** The header blocks (pax header if needed + ustar header) of one entry. */
export function tarHeader(e: TarEntry): Buffer {
  const fullName = e.type === 'dir' ? `${e.name}/` : e.name;
  const size = e.type === 'file' ? (e.data?.length ?? 0) : 0;
  const typeflag = e.type === 'file' ? '0' : e.type === 'dir' ? '5' : '2';
  const linkname = e.linkname ?? '';
  const split = splitName(fullName);
  const pax: string[] = [];
  if (!split) pax.push(paxRecord('path', fullName));
  if (Buffer.byteLength(linkname) > 100) pax.push(paxRecord('linkpath', linkname));
  const parts: Buffer[] = [];
  if (pax.length > 0) {
    const body = Buffer.from(pax.join(''), 'utf8');
    const paxName = `PaxHeaders/${path.posix.basename(e.name)}`.slice(0, 100);
    parts.push(rawHeader(paxName, '', 'x', 0o644, 0, 0, body.length, ''), body, padding(body.length));
  }
  const n = split ?? { prefix: '', name: Buffer.from(fullName).subarray(0, 100).toString('utf8') };
  parts.push(rawHeader(n.name, n.prefix, typeflag, e.mode, e.uid, e.gid, size, Buffer.byteLength(linkname) > 100 ? '' : linkname));
  return Buffer.concat(parts);
}

/** Byte-wise order of names: a directory always precedes what is inside it. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A whole tar archive in memory (entries sorted by name, end-of-archive blocks). */
export function tarBuffer(entries: TarEntry[]): Buffer {
  const sorted = [...entries].sort((x, y) => compareNames(x.name, y.name));
  const parts: Buffer[] = [];
  for (const e of sorted) {
    parts.push(tarHeader(e));
    if (e.type === 'file' && e.data && e.data.length > 0) parts.push(e.data, padding(e.data.length));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------
// running commands

function niceness(): number {
  const n = Number(process.env.TSKUBE_BUILD_NICE ?? '19');
  return Number.isFinite(n) ? n : 19;
}

interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  nice?: boolean;
  /** stderr of the command goes to ours (default) or is captured. */
  captureStderr?: boolean;
  /** stdout of the command goes to our stderr instead of being captured. */
  stdoutToStderr?: boolean;
  allowFail?: boolean;
}

function run(cmd: string, args: string[], opts: RunOptions = {}): { status: number; stdout: string; stderr: string } {
  const [c, a] = opts.nice ? ['nice', ['-n', String(niceness()), cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', opts.stdoutToStderr ? 2 : 'pipe', opts.captureStderr ? 'pipe' : 'inherit'],
  });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  const status = r.status ?? 128;
  if (status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${status}${opts.captureStderr ? `: ${r.stderr}` : ''}`);
  }
  return { status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

// ---------------------------------------------------------------------------
// Debian packages

function installedPackage(pkg: string): boolean {
  const r = run('dpkg-query', ['-W', '-f=${Status}', pkg], { captureStderr: true, allowFail: true });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

const ensuredPackages = new Set<string>();

/** Installs the Debian packages that are missing (as root), or fails naming them. */
export function ensurePackages(pkgs: string[]): void {
  const missing = [...new Set(pkgs)].filter((p) => !ensuredPackages.has(p) && !installedPackage(p));
  if (missing.length > 0) {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      throw new Error(`missing Debian packages: ${missing.join(' ')} (run as root, or apt-get install them)`);
    }
    log(`installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // wait for the dpkg lock rather than fail when another apt-get runs
    const args = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...missing];
    if (run('apt-get', args, { env, allowFail: true, stdoutToStderr: true }).status !== 0) {
      run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update'], { env, stdoutToStderr: true });
      run('apt-get', args, { env, stdoutToStderr: true });
    }
  }
  for (const p of pkgs) ensuredPackages.add(p);
}

// ---------------------------------------------------------------------------
// artifacts: the binaries the images carry

function binDir(): string {
  return path.join(cacheDir(), 'images', 'bin');
}

/** Builds `out` with `build(tmp)` unless its stamp matches `key`; atomic rename. */
function stamped(name: string, key: string, build: (tmp: string) => void): string {
  const dir = binDir();
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, name);
  const stampFile = path.join(dir, `.${name}.stamp`);
  if (fs.existsSync(out) && readIfExists(stampFile) === key) return out;
  const tmp = path.join(dir, `.${name}.tmp-${process.pid}`);
  try {
    const started = Date.now();
    build(tmp);
    fs.renameSync(tmp, out);
    fs.writeFileSync(stampFile, key);
    log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return out;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function gccStatic(name: string, source: string, defines: string[]): string {
  ensurePackages(['gcc', 'libc6-dev']);
  const flags = ['-static', '-Os', '-s', '-Wall', ...defines];
  const gccVersion = run('gcc', ['--version'], { captureStderr: true }).stdout.split('\n')[0];
  const key = sha256(JSON.stringify([BUILDER_VERSION, name, sha256(source), flags, gccVersion, dpkgVersion('libc6-dev')]));
  return stamped(name, key, (tmp) => {
    const srcDir = fs.mkdtempSync(path.join(os.tmpdir(), `tskube-${name}-`));
    try {
      const src = path.join(srcDir, `${name}.c`);
      fs.writeFileSync(src, source);
      run('gcc', [...flags, `-ffile-prefix-map=${srcDir}=.`, '-o', tmp, src], { nice: true });
    } finally {
      fs.rmSync(srcDir, { recursive: true, force: true });
    }
  });
}

function dpkgVersion(pkg: string): string {
  return run('dpkg-query', ['-W', '-f=${Version}', pkg], { captureStderr: true, allowFail: true }).stdout.trim();
}

/** Last line of stdout of a build script that prints a path. */
function scriptPath(script: string, args: string[]): string {
  const out = run(path.join(repoRoot, script), args).stdout.trim().split('\n').pop() ?? '';
  if (!out || !fs.existsSync(out)) throw new Error(`${script} ${args.join(' ')} printed no existing path (${JSON.stringify(out)})`);
  return out;
}

const artifactCache = new Map<ArtifactName, string>();

export function artifact(name: ArtifactName): string {
  const hit = artifactCache.get(name);
  if (hit) return hit;
  let p: string;
  switch (name) {
    case 'pause':
      p = gccStatic('pause', fs.readFileSync(path.join(repoRoot, 'hack/images/pause/pause.c'), 'utf8'), []);
      break;
    case 'nnp':
      p = gccStatic('nnp', NNP_SOURCE, []);
      break;
    case 'agnhost':
      p = scriptPath('hack/upstream/build.sh', ['agnhost']);
      break;
    case 'etcd':
      p = scriptPath('hack/etcd/build.sh', []);
      break;
    case 'etcdctl':
      p = path.join(path.dirname(artifact('etcd')), 'etcdctl');
      break;
    case 'sample-apiserver':
      p = sampleApiserver();
      break;
  }
  artifactCache.set(name, p);
  return p;
}

function sampleApiserver(): string {
  const mod = path.join(repoRoot, 'hack/upstream');
  const env = { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=readonly -buildvcs=false' };
  const flags = ['build', '-trimpath', '-ldflags=-s -w'];
  const goVersion = run('go', ['version'], { env, captureStderr: true }).stdout.trim();
  const key = sha256(
    JSON.stringify([BUILDER_VERSION, flags, goVersion, sha256(fs.readFileSync(path.join(mod, 'go.mod'))), sha256(fs.readFileSync(path.join(mod, 'go.sum')))]),
  );
  return stamped('sample-apiserver', key, (tmp) => {
    log('building k8s.io/sample-apiserver (go build in hack/upstream, -mod=readonly) ...');
    run('go', [...flags, '-o', tmp, 'k8s.io/sample-apiserver'], { cwd: mod, env, nice: true });
  });
}

// ---------------------------------------------------------------------------
// generated files: agnhost porter's TLS certificate and key

// DER helpers
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const der = (tag: number, ...body: Buffer[]): Buffer => {
  const b = Buffer.concat(body);
  return Buffer.concat([Buffer.from([tag]), derLength(b.length), b]);
};
const seq = (...b: Buffer[]): Buffer => der(0x30, ...b);
const set = (...b: Buffer[]): Buffer => der(0x31, ...b);
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const v of rest) {
    const bytes = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) bytes.unshift(0x80 | (x & 0x7f));
    out.push(...bytes);
  }
  return der(0x06, Buffer.from(out));
}
const utf8String = (s: string): Buffer => der(0x0c, Buffer.from(s, 'utf8'));
const octets = (b: Buffer): Buffer => der(0x04, b);
const bits = (b: Buffer, unused = 0): Buffer => der(0x03, Buffer.from([unused]), b);
const ED25519 = '1.3.101.112';

// Ed25519 signatures are deterministic, so a fixed seed gives the same certificate on
// every build. This is a published test key, like the one upstream ships in the image.
const PORTER_SEED = createHash('sha256').update('tskube hack/images agnhost porter test key').digest();

function porterKeyPair() {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), PORTER_SEED]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Self-signed Ed25519 certificate for localhost, 127.0.0.1 and ::1, valid 2000-2084. */
export function porterCertificate(): { cert: string; key: string } {
  const { privateKey, publicKey } = porterKeyPair();
  const name = seq(set(seq(oid('2.5.4.10'), utf8String('tskube test'))), set(seq(oid('2.5.4.3'), utf8String('localhost'))));
  const ipv6Loopback = Buffer.alloc(16, 0);
  ipv6Loopback[15] = 1;
  const extensions = seq(
    seq(oid('2.5.29.15'), der(0x01, Buffer.from([0xff])), octets(bits(Buffer.from([0x80]), 7))), // keyUsage: digitalSignature
    seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))), // extKeyUsage: serverAuth
    seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), octets(seq())), // basicConstraints: not a CA
    seq(
      oid('2.5.29.17'),
      octets(seq(der(0x82, Buffer.from('localhost')), der(0x87, Buffer.from([127, 0, 0, 1])), der(0x87, ipv6Loopback))),
    ), // subjectAltName
  );
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))), // v3
    der(0x02, Buffer.from([0x01])), // serial
    seq(oid(ED25519)),
    name,
    seq(der(0x17, Buffer.from('000101000000Z')), der(0x18, Buffer.from('20840101000000Z'))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, extensions),
  );
  const signature = cryptoSign(null, tbs, privateKey);
  const cert = seq(tbs, seq(oid(ED25519)), bits(signature));
  return { cert: pem('CERTIFICATE', cert), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

// ---------------------------------------------------------------------------
// resolving layers into tar entries

function sourceBytes(src: Source): Buffer {
  switch (src.kind) {
    case 'host':
      ensurePackages([src.package]);
      return fs.readFileSync(src.path);
    case 'artifact':
      return fs.readFileSync(artifact(src.artifact));
    case 'text':
      return Buffer.from(src.text, 'utf8');
    case 'generated': {
      const { cert, key } = porterCertificate();
      return Buffer.from(src.generator === 'porter-cert' ? cert : key, 'utf8');
    }
  }
}

const BUSYBOX = '/bin/busybox';

function busyboxApplets(layout: 'bin' | 'standard'): string[] {
  ensurePackages(['busybox-static']);
  const list = run(BUSYBOX, [layout === 'bin' ? '--list' : '--list-full'], { captureStderr: true }).stdout.split('\n');
  return list
    .map((l) => l.trim())
    .filter((l) => l && path.posix.basename(l) !== 'busybox' && path.posix.basename(l) !== 'linuxrc')
    .map((l) => (layout === 'bin' ? `bin/${l}` : l))
    .filter((l) => l.includes('/'));
}

/** The shared libraries of a dynamically linked program: [destination in the image, host file]. */
export function sharedLibraries(program: string): [string, string][] {
  const r = run('ldd', [program], { captureStderr: true, allowFail: true });
  if (r.status !== 0) {
    if (/not a dynamic executable/.test(r.stdout + r.stderr)) return [];
    throw new Error(`ldd ${program}: ${r.stdout}${r.stderr}`);
  }
  const out: [string, string][] = [];
  for (const line of r.stdout.split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('linux-vdso') || l.startsWith('linux-gate')) continue;
    if (l.includes('=> not found')) throw new Error(`ldd ${program}: ${l}`);
    let m = /^(\S+) => (\S+) \(0x[0-9a-f]+\)$/.exec(l);
    if (m) {
      // the soname under the directory the loader found it in (canonical path)
      const dir = fs.realpathSync(path.dirname(m[2]));
      out.push([path.posix.join(dir, m[1]).replace(/^\//, ''), m[2]]);
      continue;
    }
    m = /^(\/\S+) \(0x[0-9a-f]+\)$/.exec(l); // the ELF interpreter, at its exact path
    if (m) {
      out.push([m[1].replace(/^\//, ''), m[1]]);
      continue;
    }
    throw new Error(`ldd ${program}: cannot parse ${JSON.stringify(l)}`);
  }
  return out;
}

function itemPackages(items: Item[]): string[] {
  const pkgs: string[] = [];
  for (const it of items) {
    if (it.type === 'busybox') pkgs.push('busybox-static');
    if (it.type === 'program') pkgs.push(it.package);
    if (it.type === 'file' && it.source.kind === 'host') pkgs.push(it.source.package);
  }
  return pkgs;
}

function normalize(p: string): string {
  const n = path.posix.normalize(p).replace(/^\/+/, '').replace(/\/+$/, '');
  if (!n || n === '.' || n.startsWith('..')) throw new Error(`bad path in layer: ${JSON.stringify(p)}`);
  return n;
}

/** All entries of a layer, parents included, later items replacing earlier ones. */
export function layerEntries(layer: Layer): TarEntry[] {
  ensurePackages(itemPackages(layer.items));
  const entries = new Map<string, TarEntry>();
  const put = (e: TarEntry): void => {
    const name = normalize(e.name);
    const prev = entries.get(name);
    if (prev && (prev.type === 'dir') !== (e.type === 'dir')) throw new Error(`layer ${layer.name}: ${name} is both a directory and not`);
    entries.set(name, { ...e, name });
  };
  const file = (name: string, data: Buffer, mode: number, uid = 0, gid = 0): void => put({ name, type: 'file', mode, uid, gid, data });
  const symlink = (name: string, target: string): void => put({ name, type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkname: target });

  for (const it of layer.items) {
    switch (it.type) {
      case 'dir':
        put({ name: it.path, type: 'dir', mode: it.mode ?? 0o755, uid: 0, gid: 0 });
        break;
      case 'file':
        file(it.path, sourceBytes(it.source), it.mode ?? 0o644, it.uid, it.gid);
        break;
      case 'symlink':
        symlink(it.path, it.target);
        break;
      case 'busybox':
        file('bin/busybox', fs.readFileSync(BUSYBOX), 0o755);
        for (const applet of busyboxApplets(it.layout)) symlink(applet, '/bin/busybox');
        break;
      case 'program':
        file(it.path, fs.readFileSync(it.host), 0o755);
        for (const [dest, host] of sharedLibraries(it.host)) file(dest, fs.readFileSync(host), 0o755);
        break;
    }
  }
  // parent directories
  for (const name of [...entries.keys()]) {
    for (let d = path.posix.dirname(name); d !== '.'; d = path.posix.dirname(d)) {
      if (!entries.has(d)) entries.set(d, { name: d, type: 'dir', mode: 0o755, uid: 0, gid: 0 });
      else if (entries.get(d)!.type !== 'dir') throw new Error(`layer ${layer.name}: ${d} is a parent of ${name} but not a directory`);
    }
  }
  return [...entries.values()].sort((a, b) => compareNames(a.name, b.name));
}

function entriesKey(entries: TarEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) {
    h.update(JSON.stringify([e.name, e.type, e.mode, e.uid, e.gid, e.linkname ?? '', e.data ? sha256(e.data) : '']));
    h.update('\n');
  }
  return h.digest('hex');
}

interface ResolvedLayer {
  layer: Layer;
  entries: TarEntry[];
  key: string;
}

// Layers are resolved once per process: a layer name means the same contents in every
// image (images.ts), and agnhost's layers are shared by several images.
const resolvedLayers = new Map<string, ResolvedLayer>();

function resolveLayer(layer: Layer): ResolvedLayer {
  const hit = resolvedLayers.get(layer.name);
  if (hit) {
    if (hit.layer !== layer && JSON.stringify(hit.layer) !== JSON.stringify(layer)) {
      throw new Error(`two different layers are named ${layer.name}`);
    }
    return hit;
  }
  const entries = layerEntries(layer);
  const r = { layer, entries, key: entriesKey(entries) };
  resolvedLayers.set(layer.name, r);
  return r;
}

interface BuiltLayer {
  key: string;
  diffId: string; // sha256:<hex> of the uncompressed tar
  digest: string; // sha256:<hex> of the gzip blob
  blob: Buffer;
  comment: string;
}

const layerCache = new Map<string, BuiltLayer>();

function buildLayer(layer: Layer, entries: TarEntry[], key: string): BuiltLayer {
  const hit = layerCache.get(key);
  if (hit) return hit;
  const tar = tarBuffer(entries);
  const blob = gzipSync(tar, { level: 6 });
  const built: BuiltLayer = { key, diffId: `sha256:${sha256(tar)}`, digest: `sha256:${sha256(blob)}`, blob, comment: layer.comment };
  layerCache.set(key, built);
  return built;
}

// ---------------------------------------------------------------------------
// images

function goArch(): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };
  return map[process.arch] ?? process.arch;
}

function configJson(img: Image, layers: BuiltLayer[]): Buffer {
  const c: ImageConfig = img.config;
  const inner: Record<string, unknown> = {};
  if (c.User) inner.User = c.User;
  if (c.ExposedPorts) inner.ExposedPorts = Object.fromEntries(c.ExposedPorts.map((p) => [p, {}]));
  inner.Env = c.Env ?? [];
  if (c.Entrypoint) inner.Entrypoint = c.Entrypoint;
  if (c.Cmd) inner.Cmd = c.Cmd;
  inner.WorkingDir = c.WorkingDir ?? '/';
  // The reference in a label makes every tag a distinct image (config digest), so a
  // runtime never reports one tag's name for another's container.
  inner.Labels = { 'io.tskube.image.ref': img.ref, 'io.tskube.image.runs': img.runs };
  if (c.StopSignal) inner.StopSignal = c.StopSignal;
  const config = {
    created: EPOCH_ISO,
    architecture: goArch(),
    os: 'linux',
    config: inner,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((l) => ({ created: EPOCH_ISO, created_by: `tskube hack/images: ${l.comment}` })),
  };
  return Buffer.from(JSON.stringify(config), 'utf8');
}

export interface BuildResult {
  ref: string;
  path: string;
  /** false when the tarball was already up to date */
  built: boolean;
  seconds: number;
  bytes: number;
}

export function tarballPath(img: Image, outDir: string): string {
  return path.join(outDir, `${img.file}.tar`);
}

export function buildImage(img: Image, outDir: string): BuildResult {
  const started = Date.now();
  const resolved = img.layers.map(resolveLayer);
  const imageKey = sha256(JSON.stringify([BUILDER_VERSION, img.ref, img.runs, img.config, goArch(), resolved.map((r) => r.key)]));
  const out = tarballPath(img, outDir);
  const stampFile = path.join(outDir, `.${img.file}.stamp`);
  if (fs.existsSync(out) && readIfExists(stampFile) === imageKey) {
    return { ref: img.ref, path: out, built: false, seconds: (Date.now() - started) / 1000, bytes: fs.statSync(out).size };
  }

  const layers = resolved.map((r) => buildLayer(r.layer, r.entries, r.key));
  const config = configJson(img, layers);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_MANIFEST,
      config: { mediaType: MEDIA_CONFIG, digest: `sha256:${sha256(config)}`, size: config.length },
      layers: layers.map((l) => ({ mediaType: MEDIA_LAYER, digest: l.digest, size: l.blob.length })),
    }),
    'utf8',
  );
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_INDEX,
      manifests: [
        {
          mediaType: MEDIA_MANIFEST,
          digest: `sha256:${sha256(manifest)}`,
          size: manifest.length,
          platform: { architecture: goArch(), os: 'linux' },
          annotations: { 'io.containerd.image.name': img.ref, 'org.opencontainers.image.ref.name': img.ref },
        },
      ],
    }),
    'utf8',
  );
  const blobs = new Map<string, Buffer>();
  for (const b of [config, manifest, ...layers.map((l) => l.blob)]) blobs.set(sha256(b), b);

  const dir = (name: string): TarEntry => ({ name, type: 'dir', mode: 0o755, uid: 0, gid: 0 });
  const file = (name: string, data: Buffer): TarEntry => ({ name, type: 'file', mode: 0o644, uid: 0, gid: 0, data });
  const entries: TarEntry[] = [
    dir('blobs'),
    dir('blobs/sha256'),
    ...[...blobs].map(([hex, data]) => file(`blobs/sha256/${hex}`, data)),
    file('index.json', index),
    file('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}', 'utf8')),
  ].sort((a, b) => compareNames(a.name, b.name));

  fs.mkdirSync(outDir, { recursive: true });
  const tmp = path.join(outDir, `.${img.file}.tar.tmp-${process.pid}`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      for (const e of entries) {
        fs.writeSync(fd, tarHeader(e));
        if (e.data && e.data.length > 0) {
          fs.writeSync(fd, e.data);
          fs.writeSync(fd, padding(e.data.length));
        }
      }
      fs.writeSync(fd, Buffer.alloc(1024, 0));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, out);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fs.writeFileSync(stampFile, imageKey);
  return { ref: img.ref, path: out, built: true, seconds: (Date.now() - started) / 1000, bytes: fs.statSync(out).size };
}

/** The Debian packages an image needs on the build host. */
export function imagePackages(img: Image): string[] {
  const pkgs = img.layers.flatMap((l) => itemPackages(l.items));
  const gcc = img.layers.some((l) => l.items.some((it) => it.type === 'file' && it.source.kind === 'artifact' && (it.source.artifact === 'pause' || it.source.artifact === 'nnp')));
  if (gcc) pkgs.push('gcc', 'libc6-dev');
  return [...new Set(pkgs)];
}

export function buildImages(names: string[], outDir = path.join(cacheDir(), 'images')): BuildResult[] {
  const selected = findImages(names);
  // one apt-get for everything the selected images need
  ensurePackages([...new Set(selected.flatMap(imagePackages))]);
  const results: BuildResult[] = [];
  for (const img of selected) {
    const r = buildImage(img, outDir);
    log(`${r.built ? 'built' : 'up to date'} ${img.ref} -> ${r.path} (${(r.bytes / 1048576).toFixed(1)} MiB, ${r.seconds.toFixed(1)}s)`);
    results.push(r);
  }
  return results;
}

// ---------------------------------------------------------------------------
// CLI

function main(argv: string[]): number {
  let list = false;
  let outDir = path.join(cacheDir(), 'images');
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') list = true;
    else if (a === '--out') outDir = path.resolve(argv[++i] ?? '');
    else if (a.startsWith('--out=')) outDir = path.resolve(a.slice('--out='.length));
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node dist/hack/images/build.js [--list] [--out DIR] [image...]\n');
      return 0;
    } else if (a.startsWith('-')) {
      process.stderr.write(`unknown flag ${a}\n`);
      return 2;
    } else names.push(a);
  }
  if (list) {
    for (const img of findImages(names)) process.stdout.write(`${img.ref}\t${tarballPath(img, outDir)}\t${img.runs}\n`);
    if (names.length === 0) for (const n of notBuilt) process.stderr.write(`not built: ${n.ref}: ${n.reason}\n`);
    return 0;
  }
  try {
    os.setPriority(niceness());
  } catch {
    // lowering our own priority is best effort
  }
  const started = Date.now();
  for (const r of buildImages(names, outDir)) process.stdout.write(`${r.path}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`images: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

export { images };
