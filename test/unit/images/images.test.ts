// hack/images: OCI image layout tarballs built without a registry.
//
// Builds pause and busybox into temp caches (twice, from two empty caches) through the
// CLI and checks the layout, digests, diff_ids, annotations, reproducibility and the
// up-to-date skip. When containerd, ctr and runc are installed and we are root, it also
// starts a private containerd (own root, state, socket, runc root and fifo dirs in a
// temp dir) and runs busybox, agnhost and pause from the imported tarballs.

import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { porterCertificate, tarBuffer } from '../../../hack/images/build.js';
import { images } from '../../../hack/images/images.js';

const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const buildJs = path.join(distRoot, 'hack', 'images', 'build.js');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------
// an independent tar reader (ustar + pax path/linkpath)

interface Entry {
  name: string;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  uname: string;
  gname: string;
  linkname: string;
  data: Buffer;
}

function cstr(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString('utf8');
}

function readTar(buf: Buffer): Entry[] {
  const out: Entry[] = [];
  let off = 0;
  let pax: Record<string, string> = {};
  for (;;) {
    assert.ok(off + 512 <= buf.length, 'tar: truncated (no end-of-archive blocks)');
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) {
      assert.ok(buf.subarray(off + 512, off + 1024).every((b) => b === 0), 'tar: single zero block at the end');
      break;
    }
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    assert.equal(parseInt(cstr(h.subarray(148, 156)).trim(), 8), sum, `tar: bad checksum at ${off}`);
    assert.equal(h.subarray(257, 263).toString('latin1'), 'ustar\0', 'tar: not a POSIX ustar header');
    const size = parseInt(cstr(h.subarray(124, 136)), 8);
    const typeflag = String.fromCharCode(h[156]);
    const data = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (typeflag === 'x') {
      let s = data.toString('utf8');
      while (s.length > 0) {
        const sp = s.indexOf(' ');
        const len = Number(s.slice(0, sp));
        const rec = s.slice(sp + 1, len - 1);
        const eq = rec.indexOf('=');
        pax[rec.slice(0, eq)] = rec.slice(eq + 1);
        s = s.slice(len);
      }
      continue;
    }
    const prefix = cstr(h.subarray(345, 500));
    const name = pax.path ?? (prefix ? `${prefix}/` : '') + cstr(h.subarray(0, 100));
    out.push({
      name,
      typeflag,
      mode: parseInt(cstr(h.subarray(100, 108)), 8),
      uid: parseInt(cstr(h.subarray(108, 116)), 8),
      gid: parseInt(cstr(h.subarray(116, 124)), 8),
      mtime: parseInt(cstr(h.subarray(136, 148)), 8),
      uname: cstr(h.subarray(265, 297)),
      gname: cstr(h.subarray(297, 329)),
      linkname: pax.linkpath ?? cstr(h.subarray(157, 257)),
      data: Buffer.from(data),
    });
    pax = {};
  }
  return out;
}

// ---------------------------------------------------------------------------
// OCI layout checks

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

interface Layout {
  index: { schemaVersion: number; mediaType: string; manifests: Descriptor[] };
  manifest: { schemaVersion: number; mediaType: string; config: Descriptor; layers: Descriptor[] };
  config: {
    architecture: string;
    os: string;
    config: { Entrypoint?: string[]; Cmd?: string[]; User?: string; Env?: string[]; Labels?: Record<string, string> };
    rootfs: { type: string; diff_ids: string[] };
    history: unknown[];
  };
  /** Uncompressed layer tars, in order. */
  layers: Entry[][];
}

function checkLayout(file: string): Layout {
  const outer = readTar(fs.readFileSync(file));
  const names = outer.map((e) => e.name);
  assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))), 'outer tar names are sorted');
  const byName = new Map(outer.map((e) => [e.name, e]));
  assert.deepEqual(JSON.parse(byName.get('oci-layout')!.data.toString()), { imageLayoutVersion: '1.0.0' });
  for (const e of outer) {
    assert.equal(e.uid, 0);
    assert.equal(e.gid, 0);
    assert.equal(e.mtime, 0);
  }
  const blob = (d: Descriptor): Buffer => {
    assert.match(d.digest, /^sha256:[0-9a-f]{64}$/);
    const e = byName.get(`blobs/sha256/${d.digest.slice(7)}`);
    assert.ok(e, `blob ${d.digest} is in the layout`);
    assert.equal(e.data.length, d.size, `size of ${d.digest}`);
    assert.equal(`sha256:${sha256(e.data)}`, d.digest, `digest of ${d.digest}`);
    return e.data;
  };
  const index = JSON.parse(byName.get('index.json')!.data.toString());
  assert.equal(index.schemaVersion, 2);
  assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
  assert.equal(index.manifests.length, 1);
  assert.equal(index.manifests[0].mediaType, 'application/vnd.oci.image.manifest.v1+json');
  const manifest = JSON.parse(blob(index.manifests[0]).toString());
  assert.equal(manifest.schemaVersion, 2);
  assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(manifest.config.mediaType, 'application/vnd.oci.image.config.v1+json');
  const config = JSON.parse(blob(manifest.config).toString());
  assert.equal(config.os, 'linux');
  assert.equal(config.rootfs.type, 'layers');
  assert.equal(config.rootfs.diff_ids.length, manifest.layers.length);
  assert.equal(config.history.length, manifest.layers.length);
  const layers = manifest.layers.map((d: Descriptor, i: number) => {
    assert.equal(d.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
    const gz = blob(d);
    assert.equal(gz[9], 3, 'gzip OS byte is Unix');
    assert.equal(gz.readUInt32LE(4), 0, 'gzip mtime is 0 (gzip -n)');
    assert.equal(gz[3] & 0x08, 0, 'gzip header has no file name (gzip -n)');
    const tar = gunzipSync(gz);
    assert.equal(`sha256:${sha256(tar)}`, config.rootfs.diff_ids[i], `diff_id of layer ${i}`);
    return readTar(tar);
  });
  const blobs = outer.filter((e) => e.name.startsWith('blobs/sha256/') && e.typeflag === '0');
  assert.equal(blobs.length, 2 + manifest.layers.length, 'no stray blobs');
  return { index, manifest, config, layers };
}

function checkLayerTar(entries: Entry[]): void {
  const names = entries.map((e) => e.name.replace(/\/$/, ''));
  assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))), 'layer names are sorted');
  const dirs = new Set(entries.filter((e) => e.typeflag === '5').map((e) => e.name.replace(/\/$/, '')));
  for (const e of entries) {
    assert.ok(!e.name.startsWith('/') && !e.name.startsWith('./'), `relative name ${e.name}`);
    assert.equal(e.mtime, 0, `mtime of ${e.name}`);
    assert.equal(e.uname, '', `no user name on ${e.name}`);
    assert.equal(e.gname, '', `no group name on ${e.name}`);
    const parent = path.posix.dirname(e.name.replace(/\/$/, ''));
    if (parent !== '.') assert.ok(dirs.has(parent), `parent directory of ${e.name} is in the layer`);
  }
}

// ---------------------------------------------------------------------------
// helpers

function runCli(args: string[], env: NodeJS.ProcessEnv): { stdout: string; stderr: string } {
  const r = spawnSync('nice', ['-n', '19', process.execPath, buildJs, ...args], { env, encoding: 'utf8', maxBuffer: 16 << 20 });
  assert.equal(r.status, 0, `build.js ${args.join(' ')} failed:\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

function commandExists(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function exec(cmd: string, args: string[], timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------

describe('hack/images: OCI image tarballs', function () {
  this.timeout(300_000);

  const refs = ['registry.k8s.io/pause:3.10.1', 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1'];
  let tmp: string;
  let outA: string;
  let outB: string;
  let printed: string[];

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tskube-images-test-'));
    outA = path.join(tmp, 'cacheA', 'images');
    outB = path.join(tmp, 'cacheB', 'images');
    // two builds from two empty caches: pause is compiled twice, everything written twice
    printed = runCli(refs, { ...process.env, TSKUBE_CACHE: path.join(tmp, 'cacheA') }).stdout.trim().split('\n');
    runCli(refs, { ...process.env, TSKUBE_CACHE: path.join(tmp, 'cacheB') });
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints each tarball path, ${TSKUBE_CACHE}/images/<name>_<tag>.tar, in the order asked', () => {
    assert.deepEqual(printed, [path.join(outA, 'pause_3.10.1.tar'), path.join(outA, 'busybox_1.37.0-1.tar')]);
    for (const p of printed) assert.ok(fs.statSync(p).size > 0);
  });

  it('two builds from empty caches are byte-identical', () => {
    for (const f of ['pause_3.10.1.tar', 'busybox_1.37.0-1.tar']) {
      assert.equal(sha256(fs.readFileSync(path.join(outA, f))), sha256(fs.readFileSync(path.join(outB, f))), f);
    }
  });

  it('skips an image that is up to date, and rebuilds a damaged one', () => {
    const file = path.join(outA, 'busybox_1.37.0-1.tar');
    const before = fs.statSync(file);
    const { stderr } = runCli(['busybox:1.37.0-1'], { ...process.env, TSKUBE_CACHE: path.join(tmp, 'cacheA') });
    assert.match(stderr, /up to date registry\.k8s\.io\/e2e-test-images\/busybox:1\.37\.0-1/);
    assert.equal(fs.statSync(file).mtimeMs, before.mtimeMs);
    fs.writeFileSync(path.join(outA, '.busybox_1.37.0-1.stamp'), 'stale');
    const again = runCli(['busybox:1.37.0-1'], { ...process.env, TSKUBE_CACHE: path.join(tmp, 'cacheA') });
    assert.match(again.stderr, /built registry\.k8s\.io\/e2e-test-images\/busybox:1\.37\.0-1/);
    assert.equal(sha256(fs.readFileSync(file)), sha256(fs.readFileSync(path.join(outB, 'busybox_1.37.0-1.tar'))));
  });

  for (const [file, ref] of [
    ['pause_3.10.1.tar', 'registry.k8s.io/pause:3.10.1'],
    ['busybox_1.37.0-1.tar', 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1'],
  ] as const) {
    it(`${file}: valid OCI layout (index → manifest → config; digests, sizes, diff_ids) with the reference annotations`, () => {
      const layout = checkLayout(path.join(outA, file));
      const desc = layout.index.manifests[0];
      assert.equal(desc.annotations?.['io.containerd.image.name'], ref);
      assert.equal(desc.annotations?.['org.opencontainers.image.ref.name'], ref);
      assert.deepEqual(desc.platform, { architecture: layout.config.architecture, os: 'linux' });
      assert.equal(layout.config.config.Labels?.['io.tskube.image.ref'], ref);
      const img = images.find((i) => i.ref === ref)!;
      assert.deepEqual(layout.config.config.Entrypoint, img.config.Entrypoint);
      assert.deepEqual(layout.config.config.Cmd, img.config.Cmd);
      assert.equal(layout.config.config.User, img.config.User);
      for (const l of layout.layers) checkLayerTar(l);
    });
  }

  it('pause: /pause is a static executable owned by root', () => {
    const [layer] = checkLayout(path.join(outA, 'pause_3.10.1.tar')).layers;
    const pause = layer.find((e) => e.name === 'pause');
    assert.ok(pause && pause.typeflag === '0');
    assert.equal(pause.mode, 0o755);
    assert.equal(pause.uid, 0);
    assert.equal(pause.data.subarray(0, 4).toString('latin1'), '\x7fELF');
    // a static executable has no PT_INTERP program header
    const phoff = Number(pause.data.readBigUInt64LE(0x20));
    const phentsize = pause.data.readUInt16LE(0x36);
    const phnum = pause.data.readUInt16LE(0x38);
    for (let i = 0; i < phnum; i++) assert.notEqual(pause.data.readUInt32LE(phoff + i * phentsize), 3, 'PT_INTERP present');
  });

  it('busybox: /bin/busybox, applet symlinks (sh, cat, ls, wget, nslookup), /etc/passwd, /etc/group', () => {
    const [layer] = checkLayout(path.join(outA, 'busybox_1.37.0-1.tar')).layers;
    const get = (n: string) => layer.find((e) => e.name === n);
    assert.equal(get('bin/busybox')?.typeflag, '0');
    for (const applet of ['sh', 'cat', 'ls', 'echo', 'sleep', 'id', 'wget', 'nslookup', 'hostname']) {
      const e = get(`bin/${applet}`);
      assert.ok(e, `bin/${applet}`);
      assert.equal(e.typeflag, '2');
      assert.equal(e.linkname, '/bin/busybox');
    }
    assert.match(get('etc/passwd')!.data.toString(), /^root:x:0:0:root:\/root:\/bin\/sh$/m);
    assert.match(get('etc/passwd')!.data.toString(), /^nobody:x:65534:65534:/m);
    assert.match(get('etc/group')!.data.toString(), /^root:x:0:/m);
    assert.equal(get('tmp/')?.mode, 0o1777);
  });

  it('GNU tar reads the layout and the layers (long names through pax headers too)', function () {
    if (!commandExists('tar')) this.skip();
    const list = spawnSync('tar', ['-tvf', path.join(outA, 'busybox_1.37.0-1.tar')], { encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /index\.json/);
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}`;
    const tar = tarBuffer([
      { name: long, type: 'file', mode: 0o644, uid: 0, gid: 0, data: Buffer.from('x') },
      { name: 'l', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkname: `/${'t'.repeat(150)}` },
    ]);
    const dir = fs.mkdtempSync(path.join(tmp, 'gnutar-'));
    fs.writeFileSync(path.join(dir, 't.tar'), tar);
    const x = spawnSync('tar', ['-xf', 't.tar', '-C', dir, '--no-same-owner'], { cwd: dir, encoding: 'utf8' });
    assert.equal(x.status, 0, x.stderr);
    assert.equal(fs.readFileSync(path.join(dir, long), 'utf8'), 'x');
    assert.equal(fs.readlinkSync(path.join(dir, 'l')), `/${'t'.repeat(150)}`);
  });

  it("agnhost porter's certificate is deterministic, self-signed, for localhost/127.0.0.1/::1", () => {
    const a = porterCertificate();
    const b = porterCertificate();
    assert.deepEqual(a, b);
    const cert = new X509Certificate(a.cert);
    assert.ok(cert.verify(cert.publicKey));
    assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
    assert.ok(new Date(cert.validTo).getUTCFullYear() >= 2084);
    assert.match(a.key, /^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('the catalogue has unique tarball names and references', () => {
    assert.equal(new Set(images.map((i) => i.file)).size, images.length);
    assert.equal(new Set(images.map((i) => i.ref)).size, images.length);
  });

  // -------------------------------------------------------------------------

  describe('containerd smoke test (private containerd: import + ctr run)', function () {
    let dir: string;
    let sock: string;
    let containerd: ChildProcess | undefined;
    let agnhostTar: string;
    const ns = 'k8s.io';
    const created: string[] = []; // /run/containerd paths that did not exist before
    const containers: string[] = [];
    const suffix = `${process.pid}`;

    const ctr = (...args: string[]) => exec('ctr', ['--address', sock, '-n', ns, ...args]);
    const runArgs = () => ['--runc-root', path.join(dir, 'runc'), '--fifo-dir', path.join(dir, 'fifo')];

    before(async function () {
      const missing = ['containerd', 'ctr', 'runc'].filter((c) => !commandExists(c));
      let reason = '';
      if (missing.length > 0) reason = `${missing.join(', ')} not installed`;
      else if (typeof process.getuid === 'function' && process.getuid() !== 0) reason = 'not root (containerd needs root)';
      if (reason) {
        console.log(`      containerd smoke test skipped: ${reason}`);
        this.skip();
      }
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tskube-ctrd-'));
      sock = path.join(dir, 'containerd.sock');
      // agnhost (and its binary) comes from the real cache: building it from an empty
      // Go cache would take many minutes; the tarball itself goes to the temp dir
      agnhostTar = runCli(['--out', path.join(dir, 'images'), 'registry.k8s.io/e2e-test-images/agnhost:2.59'], process.env).stdout.trim();
      for (const p of ['/run/containerd', '/run/containerd/s', '/run/containerd/fifo']) if (!fs.existsSync(p)) created.push(p);
      fs.writeFileSync(
        path.join(dir, 'config.toml'),
        [
          'version = 2',
          `root = "${dir}/root"`,
          `state = "${dir}/state"`,
          // ctr run needs no CRI; the CRI settings (sandbox_image, restrict_oom_score_adj, ...) are the kubelet's business
          'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
          '[grpc]',
          `  address = "${sock}"`,
          '[ttrpc]',
          `  address = "${sock}.ttrpc"`,
          '',
        ].join('\n'),
      );
      const log = fs.openSync(path.join(dir, 'containerd.log'), 'w');
      containerd = spawn('containerd', ['--config', path.join(dir, 'config.toml')], { stdio: ['ignore', log, log] });
      fs.closeSync(log);
      for (let i = 0; ; i++) {
        if (containerd.exitCode !== null) throw new Error(`containerd exited: ${fs.readFileSync(path.join(dir, 'containerd.log'), 'utf8')}`);
        if ((await ctr('version')).code === 0) break;
        if (i > 100) throw new Error('containerd did not answer within 20s');
        await sleep(200);
      }
    });

    after(async function () {
      if (!dir) return;
      this.timeout(60_000);
      if (containerd && containerd.exitCode === null) {
        for (const id of containers) {
          await ctr('task', 'kill', '-s', 'SIGKILL', id);
          for (let i = 0; i < 50; i++) {
            const line = (await ctr('task', 'ls')).stdout.split('\n').find((l) => l.startsWith(`${id} `));
            if (!line || line.includes('STOPPED')) break;
            await sleep(100);
          }
          await ctr('task', 'delete', id);
          await ctr('container', 'delete', id);
        }
        const exited = new Promise((r) => containerd!.once('exit', r));
        containerd.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (containerd.exitCode === null && containerd.signalCode === null) {
          containerd.kill('SIGKILL');
          await exited;
        }
      }
      // leftover mounts under our dir (none expected), deepest first
      const mounts = fs
        .readFileSync('/proc/self/mounts', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[1])
        .filter((m) => m && (m === dir || m.startsWith(`${dir}/`)))
        .sort((a, b) => b.length - a.length);
      for (const m of mounts) spawnSync('umount', ['-l', m]);
      fs.rmSync(dir, { recursive: true, force: true });
      for (const p of created.reverse()) {
        try {
          fs.rmdirSync(p); // only if empty
        } catch {
          // not empty or already gone: leave it
        }
      }
    });

    it('imports the tarballs with `ctr -n k8s.io images import`, keeping the references', async () => {
      for (const tar of [...printed, agnhostTar]) {
        const r = await ctr('images', 'import', tar);
        assert.equal(r.code, 0, r.stderr);
      }
      const ls = (await ctr('images', 'ls', '-q')).stdout.split('\n');
      for (const ref of [...refs, 'registry.k8s.io/e2e-test-images/agnhost:2.59']) assert.ok(ls.includes(ref), `${ref} in ${ls.join(', ')}`);
    });

    it('busybox: ctr run echo hello', async () => {
      const id = `tskube-smoke-busybox-${suffix}`;
      const r = await ctr('run', '--rm', ...runArgs(), refs[1], id, 'echo', 'hello');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'hello\n');
    });

    it('agnhost: --help, and netexec answers on a port in the host network', async () => {
      const help = await ctr('run', '--rm', ...runArgs(), 'registry.k8s.io/e2e-test-images/agnhost:2.59', `tskube-smoke-agnhost-help-${suffix}`, '/agnhost', '--help');
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout + help.stderr, /netexec/);

      const port = await freePort();
      const id = `tskube-smoke-netexec-${suffix}`;
      containers.push(id);
      const started = await ctr('run', '-d', '--net-host', ...runArgs(), 'registry.k8s.io/e2e-test-images/agnhost:2.59', id, '/agnhost', 'netexec', `--http-port=${port}`, '--udp-port=-1');
      assert.equal(started.code, 0, started.stderr);
      let res: { status: number; body: string } | undefined;
      for (let i = 0; i < 100 && !res; i++) {
        res = await httpGet(`http://127.0.0.1:${port}/echo?msg=tskube-smoke`).catch(() => undefined);
        if (!res) await sleep(200);
      }
      assert.ok(res, `netexec did not answer on port ${port}`);
      assert.equal(res.status, 200);
      assert.equal(res.body, 'tskube-smoke');
      const host = await httpGet(`http://127.0.0.1:${port}/hostname`);
      assert.equal(host.body, os.hostname());
      // the shell tools the suite runs inside agnhost containers
      const tools = await ctr('run', '--rm', '--net-host', ...runArgs(), 'registry.k8s.io/e2e-test-images/agnhost:2.59', `tskube-smoke-tools-${suffix}`, 'sh', '-c', `curl -s http://127.0.0.1:${port}/echo?msg=curl && echo && getent hosts localhost >/dev/null && dig -v && nc -h 2>&1 | head -1 && nslookup -version`);
      assert.equal(tools.code, 0, tools.stderr);
      assert.match(tools.stdout, /^curl\n/);
      assert.match(tools.stdout + tools.stderr, /DiG 9/);
      // sh is dash: it finds the real tools in PATH (busybox-static's ash would run its own applets)
      assert.match(tools.stdout + tools.stderr, /OpenBSD netcat/);
      assert.match(tools.stdout + tools.stderr, /nslookup 9/);
    });

    it('pause: runs as PID 1 and exits 0 on SIGTERM', async () => {
      const id = `tskube-smoke-pause-${suffix}`;
      containers.push(id);
      const child = spawn('ctr', ['--address', sock, '-n', ns, 'run', '--rm', ...runArgs(), refs[0], id], { stdio: 'ignore' });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      let running = false;
      for (let i = 0; i < 100 && !running; i++) {
        running = (await ctr('task', 'ls')).stdout.split('\n').some((l) => l.startsWith(`${id} `) && l.includes('RUNNING'));
        if (!running) await sleep(100);
      }
      assert.ok(running, 'pause task is running');
      const kill = await ctr('task', 'kill', '-s', 'SIGTERM', id);
      assert.equal(kill.code, 0, kill.stderr);
      const code = await Promise.race([exited, sleep(10_000).then(() => 'timeout' as const)]);
      assert.equal(code, 0);
    });
  });
});
