// The catalogue of container images tskube builds locally, without any registry, for
// the kubelet (the pod sandbox image) and the Kubernetes v1.35.4 conformance suite.
//
// Each entry names the exact reference the suite (test/utils/image/manifest.go) or the
// container runtime asks for, and what the image contains. The contents are described
// as layers of items; hack/images/build.ts resolves the items (files of installed Debian
// packages, binaries built from this repository's pins, generated files) and writes an
// OCI image layout tarball per image. hack/images/README.md explains each choice.

/** Where a file's bytes come from. */
export type Source =
  /** A file of an installed Debian package (build.ts installs the package if missing). */
  | { kind: 'host'; path: string; package: string }
  /** A binary built by one of build.ts's artifact recipes. */
  | { kind: 'artifact'; artifact: ArtifactName }
  /** Literal text. */
  | { kind: 'text'; text: string }
  /** Generated deterministically by build.ts. */
  | { kind: 'generated'; generator: GeneratorName };

export type ArtifactName =
  | 'pause' // hack/images/pause/pause.c, gcc -static
  | 'nnp' // NNP_SOURCE below, gcc -static
  | 'agnhost' // hack/upstream/build.sh agnhost
  | 'etcd' // hack/etcd/build.sh
  | 'etcdctl' // hack/etcd/build.sh
  | 'sample-apiserver'; // go build k8s.io/sample-apiserver in hack/upstream's module

export type GeneratorName = 'porter-cert' | 'porter-key';

export type Item =
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'file'; path: string; source: Source; mode?: number; uid?: number; gid?: number }
  | { type: 'symlink'; path: string; target: string }
  /**
   * Debian's busybox-static at /bin/busybox plus one symlink per applet:
   * 'bin' puts every applet in /bin (as the Docker Hub busybox image does);
   * 'standard' uses busybox's own install layout, `busybox --list-full`
   * (/bin, /sbin, /usr/bin, /usr/sbin, as Alpine does).
   */
  | { type: 'busybox'; layout: 'bin' | 'standard' }
  /**
   * A dynamically linked program of an installed Debian package, copied to `path`,
   * with every shared library it needs (`ldd`) at /usr/lib/<multiarch>/ and the
   * dynamic loader at its ELF interpreter path.
   */
  | { type: 'program'; path: string; host: string; package: string };

export interface Layer {
  /** Short name; layers with the same name are the same blob in every image. */
  name: string;
  comment: string;
  items: Item[];
}

export interface ImageConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: string[];
  StopSignal?: string;
}

export interface Image {
  /** Full reference, exactly as the suite or the runtime uses it. */
  ref: string;
  /** Tarball name: ${cache}/images/<file>.tar */
  file: string;
  /** What runs: the real binary or a stand-in, in one line. */
  runs: string;
  layers: Layer[];
  config: ImageConfig;
  /** [Conformance] tests (or components) that need the image. */
  neededBy: string[];
  /** What is knowingly different from upstream's image. */
  differences: string[];
}

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// ---------------------------------------------------------------------------
// Small files of our own

const BUSYBOX_PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
  'bin:x:2:2:bin:/bin:/bin/false',
  'sys:x:3:3:sys:/dev:/bin/false',
  'sync:x:4:100:sync:/bin:/bin/sync',
  'mail:x:8:8:mail:/var/spool/mail:/bin/false',
  'www-data:x:33:33:www-data:/var/www:/bin/false',
  'operator:x:37:37:Operator:/var:/bin/false',
  'nobody:x:65534:65534:nobody:/home:/bin/false',
  '',
].join('\n');

const BUSYBOX_GROUP = [
  'root:x:0:',
  'daemon:x:1:',
  'bin:x:2:',
  'sys:x:3:',
  'adm:x:4:',
  'tty:x:5:',
  'disk:x:6:',
  'lp:x:7:',
  'mail:x:8:',
  'kmem:x:9:',
  'wheel:x:10:root',
  'cdrom:x:11:',
  'dialout:x:18:',
  'floppy:x:19:',
  'video:x:28:',
  'audio:x:29:',
  'tape:x:32:',
  'www-data:x:33:',
  'operator:x:37:',
  'utmp:x:43:',
  'plugdev:x:46:',
  'staff:x:50:',
  'lock:x:54:',
  'netdev:x:82:',
  'users:x:100:',
  'nogroup:x:65534:',
  '',
].join('\n');

const BASE_PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'bin:x:1:1:bin:/bin:/sbin/nologin',
  'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
  'nobody:x:65534:65534:nobody:/:/sbin/nologin',
  '',
].join('\n');

const BASE_GROUP = ['root:x:0:root', 'bin:x:1:root,bin,daemon', 'daemon:x:2:root,bin,daemon', 'nogroup:x:65533:', 'nobody:x:65534:', ''].join('\n');

// agnhost's Dockerfile adds user-defined-in-image (uid 1000), group-defined-in-image
// (gid 50000) and puts the user in that group (SupplementalGroupsPolicy tests).
const AGNHOST_PASSWD = BASE_PASSWD + 'user-defined-in-image:x:1000:1000::/home/user-defined-in-image:/bin/sh\n';
const AGNHOST_GROUP =
  BASE_GROUP + 'user-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\n';

// glibc programs (curl, dig, getent, ...) resolve names through NSS; files and dns are
// built into glibc >= 2.34, so no libnss_* module is needed.
const NSSWITCH = 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n';

/**
 * The nonewprivs image's program, compiled with gcc -static and installed set-uid root:
 * it prints the effective uid, so a pod running as uid 1000 sees 0 when privilege
 * escalation is allowed and 1000 when allowPrivilegeEscalation=false sets no_new_privs.
 */
export const NNP_SOURCE = `/* nnp: print the effective uid (tskube stand-in for e2e-test-images/nonewprivs). */
#include <stdio.h>
#include <unistd.h>
int main(void) {
  printf("Effective uid: %d\\n", (int)geteuid());
  return 0;
}
`;

// ---------------------------------------------------------------------------
// Layers

const pauseLayer: Layer = {
  name: 'pause',
  comment: '/pause, static, from hack/images/pause/pause.c',
  items: [{ type: 'file', path: 'pause', source: { kind: 'artifact', artifact: 'pause' }, mode: 0o755 }],
};

const busyboxLayer: Layer = {
  name: 'busybox',
  comment: 'Debian busybox-static, every applet a symlink in /bin, /etc/passwd, /etc/group',
  items: [
    { type: 'busybox', layout: 'bin' },
    { type: 'file', path: 'etc/passwd', source: { kind: 'text', text: BUSYBOX_PASSWD }, mode: 0o644 },
    { type: 'file', path: 'etc/group', source: { kind: 'text', text: BUSYBOX_GROUP }, mode: 0o644 },
    { type: 'file', path: 'etc/shadow', source: { kind: 'text', text: 'root:*::0:::::\nnobody:*::0:::::\n' }, mode: 0o600 },
    { type: 'dir', path: 'dev' },
    { type: 'dir', path: 'home' },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'usr/sbin' },
    { type: 'dir', path: 'var/spool/mail' },
    { type: 'dir', path: 'var/www' },
  ],
};

// The Alpine-like base of agnhost and the images built on it.
const baseLayer: Layer = {
  name: 'base',
  comment: 'Debian busybox-static in busybox\'s standard layout (as Alpine), /etc files',
  items: [
    { type: 'busybox', layout: 'standard' },
    { type: 'file', path: 'etc/passwd', source: { kind: 'text', text: BASE_PASSWD }, mode: 0o644 },
    { type: 'file', path: 'etc/group', source: { kind: 'text', text: BASE_GROUP }, mode: 0o644 },
    { type: 'file', path: 'etc/nsswitch.conf', source: { kind: 'text', text: NSSWITCH }, mode: 0o644 },
    { type: 'dir', path: 'dev' },
    { type: 'dir', path: 'home' },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'usr/local/bin' },
    { type: 'dir', path: 'var/tmp', mode: 0o1777 },
  ],
};

// What agnhost's Dockerfile installs from Alpine (bind-tools, curl, netcat-openbsd,
// iproute2, bash) and what the suite's shell commands need from musl-utils (getent),
// taken from Debian with their shared libraries.
//
// /bin/sh becomes Debian's dash: Debian's busybox-static is built with
// FEATURE_SH_STANDALONE/PREFER_APPLETS, so its ash runs its own applets (nc, nslookup,
// ip, wget, ...) before looking at PATH, and `sh -c "nc -v -t -w 2 ..."` would get
// busybox's nc instead of the OpenBSD one. Alpine's ash (upstream's /bin/sh) searches
// PATH, as dash does.
const netToolsLayer: Layer = {
  name: 'nettools',
  comment: 'Debian dash as /bin/sh, bash, curl, dig/host/nslookup, nc (OpenBSD), getent, ip, ss and their shared libraries',
  items: [
    { type: 'program', path: 'bin/dash', host: '/bin/dash', package: 'dash' },
    { type: 'symlink', path: 'bin/sh', target: 'dash' },
    { type: 'program', path: 'bin/bash', host: '/bin/bash', package: 'bash' },
    { type: 'program', path: 'usr/bin/curl', host: '/usr/bin/curl', package: 'curl' },
    { type: 'program', path: 'usr/bin/dig', host: '/usr/bin/dig', package: 'bind9-dnsutils' },
    { type: 'program', path: 'usr/bin/nslookup', host: '/usr/bin/nslookup', package: 'bind9-dnsutils' },
    { type: 'program', path: 'usr/bin/host', host: '/usr/bin/host', package: 'bind9-host' },
    { type: 'program', path: 'usr/bin/nc', host: '/bin/nc.openbsd', package: 'netcat-openbsd' },
    { type: 'program', path: 'usr/bin/getent', host: '/usr/bin/getent', package: 'libc-bin' },
    { type: 'program', path: 'sbin/ip', host: '/bin/ip', package: 'iproute2' },
    { type: 'program', path: 'sbin/ss', host: '/bin/ss', package: 'iproute2' },
  ],
};

const agnhostLayer: Layer = {
  name: 'agnhost',
  comment: '/agnhost (hack/upstream build), /agnhost-2, /uploads, porter\'s localhost.crt/key, users',
  items: [
    { type: 'file', path: 'agnhost', source: { kind: 'artifact', artifact: 'agnhost' }, mode: 0o755 },
    { type: 'symlink', path: 'agnhost-2', target: 'agnhost' },
    { type: 'dir', path: 'uploads' },
    { type: 'file', path: 'localhost.crt', source: { kind: 'generated', generator: 'porter-cert' }, mode: 0o644 },
    { type: 'file', path: 'localhost.key', source: { kind: 'generated', generator: 'porter-key' }, mode: 0o644 },
    { type: 'file', path: 'etc/passwd', source: { kind: 'text', text: AGNHOST_PASSWD }, mode: 0o644 },
    { type: 'file', path: 'etc/group', source: { kind: 'text', text: AGNHOST_GROUP }, mode: 0o644 },
    { type: 'dir', path: 'home/user-defined-in-image' },
  ],
};

function updateDemoLayer(animal: 'nautilus' | 'kitten'): Layer {
  return {
    name: animal,
    comment: `/data.json naming ${animal}.jpg (served by agnhost test-webserver)`,
    items: [
      {
        type: 'file',
        path: 'data.json',
        source: { kind: 'text', text: `{\n  "image": "${animal}.jpg"\n}\n` },
        mode: 0o644,
      },
    ],
  };
}

const nnpLayer: Layer = {
  name: 'nonewprivs',
  comment: '/usr/local/bin/nnp, static, set-uid root',
  items: [{ type: 'file', path: 'usr/local/bin/nnp', source: { kind: 'artifact', artifact: 'nnp' }, mode: 0o4755 }],
};

const etcdLayer: Layer = {
  name: 'etcd',
  comment: 'etcd and etcdctl from hack/etcd (the release tskube tests against)',
  items: [
    { type: 'file', path: 'usr/local/bin/etcd', source: { kind: 'artifact', artifact: 'etcd' }, mode: 0o755 },
    { type: 'file', path: 'usr/local/bin/etcdctl', source: { kind: 'artifact', artifact: 'etcdctl' }, mode: 0o755 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'var/etcd' },
  ],
};

const sampleApiserverLayer: Layer = {
  name: 'sample-apiserver',
  comment: '/sample-apiserver, k8s.io/sample-apiserver v0.35.4 built static',
  items: [
    { type: 'file', path: 'sample-apiserver', source: { kind: 'artifact', artifact: 'sample-apiserver' }, mode: 0o755 },
  ],
};

// ---------------------------------------------------------------------------
// Images

const AGNHOST_PORTS = ['80/tcp', '8080/tcp', '8081/tcp', '9376/tcp', '5000/tcp'];

function pause(tag: string, neededBy: string[]): Image {
  return {
    ref: `registry.k8s.io/pause:${tag}`,
    file: `pause_${tag}`,
    runs: 'our static pause (hack/images/pause/pause.c)',
    layers: [pauseLayer],
    config: { Entrypoint: ['/pause'], User: '65535:65535', Env: [PATH] },
    neededBy,
    differences: [
      'pause is our own C program (same behaviour: sleeps, reaps children, exits 0 on SIGINT/SIGTERM); `-v` prints "pause version tskube"',
      'static glibc instead of upstream\'s static build; no Windows variant',
    ],
  };
}

function agnhost(tag: string, neededBy: string[], extra: string[] = []): Image {
  return {
    ref: `registry.k8s.io/e2e-test-images/agnhost:${tag}`,
    file: `agnhost_${tag}`,
    runs: 'agnhost v2.59 built by hack/upstream/build.sh (the real binary)',
    layers: [baseLayer, netToolsLayer, agnhostLayer],
    config: { Entrypoint: ['/agnhost'], Cmd: ['pause'], Env: [PATH], ExposedPorts: AGNHOST_PORTS },
    neededBy,
    differences: [
      ...extra,
      'base is Debian busybox-static 1.35 + Debian dash/bash/curl/dig/nc/getent/ip/ss with their glibc libraries instead of Alpine 3.21 (musl) with apk packages; /bin/sh is dash instead of busybox ash',
      'no /coredns (CoreDNS 1.6.2, used only by non-conformance DNS config-map tests), no iperf, no /var/registry (fake-registry-server data)',
      'porter\'s /localhost.crt and /localhost.key are our own deterministic Ed25519 test certificate (SAN 127.0.0.1, ::1, localhost) instead of upstream\'s RSA one',
    ],
  };
}

function busybox(tag: string, neededBy: string[]): Image {
  return {
    ref: `registry.k8s.io/e2e-test-images/busybox:${tag}`,
    file: `busybox_${tag}`,
    runs: 'Debian busybox-static (1.35.0)',
    layers: [busyboxLayer],
    config: { Cmd: ['sh'], Env: [PATH] },
    neededBy,
    differences: [
      'BusyBox 1.35.0 (Debian 12) instead of 1.37.0 (or 1.36.1): a few applets differ',
      'applets are symlinks to /bin/busybox instead of hard links',
    ],
  };
}

function nginx(tag: string, neededBy: string[]): Image {
  return {
    ref: `registry.k8s.io/e2e-test-images/nginx:${tag}`,
    file: `nginx_${tag}`,
    runs: 'stand-in: agnhost netexec serving HTTP on port 80 (no nginx)',
    layers: [baseLayer, agnhostLayer],
    config: {
      Entrypoint: ['/agnhost', 'netexec', '--http-port=80', '--udp-port=-1'],
      Env: [PATH],
      ExposedPorts: ['80/tcp'],
    },
    neededBy,
    differences: [
      'no nginx: agnhost netexec answers HTTP on port 80 (/, /hostname, /echo, /healthz ... instead of nginx\'s welcome page); busybox applets for the shell commands tests exec',
      'stops on SIGTERM (Go runtime) instead of nginx\'s SIGQUIT graceful stop; no STOPSIGNAL in the config',
    ],
  };
}

function updateDemo(animal: 'nautilus' | 'kitten', neededBy: string[]): Image {
  return {
    ref: `registry.k8s.io/e2e-test-images/${animal}:1.7`,
    file: `${animal}_1.7`,
    runs: 'agnhost test-webserver serving /data.json on port 80 (as upstream)',
    layers: [baseLayer, netToolsLayer, agnhostLayer, updateDemoLayer(animal)],
    config: { Entrypoint: ['/agnhost'], Cmd: ['test-webserver'], Env: [PATH], ExposedPorts: AGNHOST_PORTS },
    neededBy,
    differences: [
      `no /${animal}.jpg picture (no test fetches it; only /data.json is read)`,
      'built on our agnhost image (v2.59) instead of agnhost 2.57',
    ],
  };
}

export const images: Image[] = [
  pause('3.10.1', [
    'every pod (the sandbox image: set containerd\'s sandbox_image to it; kubeadm v1.35\'s default)',
    'Deployment "should run the lifecycle of a Deployment", StatefulSet patch tests, SchedulerPredicates [Serial] tests, NoExecuteTaintManager tests, EmptyDir wrapper volumes, ReplicaSet "Replace and Patch" (imageutils.Pause as a container image)',
  ]),
  pause('3.6', [
    'containerd 1.6\'s default sandbox_image (registry.k8s.io/pause:3.6) when a config does not set one; the v1.35 kubelet has no pause-image setting of its own',
  ]),
  agnhost('2.59', [
    'most conformance tests that run a server or exec into a pod: Services, Networking Granular Checks, DNS (querier + webserver), Proxy (porter), webhooks and CRD conversion webhooks, Kubectl Guestbook, HostPort, Container Lifecycle Hook, probes (container_probe.go), EmptyDir/Subpath (mounttest), StatefulSet/Deployment update targets, Pods websockets, ...',
  ]),
  agnhost(
    '2.55',
    [
      'Daemon set "should update pod when spec was updated and update strategy is RollingUpdate"',
      'Deployment "should run the lifecycle of a Deployment", "RecreateDeployment should delete old pods and create new ones"',
      'Pods "should run through the lifecycle of Pods and PodStatus"',
      'StatefulSet Basic StatefulSet functionality (8 tests: e2estatefulset.NewStatefulSet runs agnhost:2.55 test-webserver)',
      'Kubectl diff / server-side dry-run (image name only)',
    ],
    ['the same agnhost v2.59 binary as agnhost:2.59 (`agnhost --version` prints 2.59); only the reference and a config label differ, so the two tags have distinct image IDs'],
  ),
  busybox('1.37.0-1', [
    'the default test image (e2epod.GetDefaultTestImage) of most [sig-node] and [sig-storage] tests: ConfigMap/Secret/Projected/DownwardAPI volumes and env, Container Runtime, Security Context, Kubelet, Init containers, Pods, Variable Expansion, Job, CronJob, ...',
  ]),
  busybox('1.36.1-1', [
    'no conformance test: only the CSI mock driver proxy manifest (testing-manifests/storage-csi/mock/csi-mock-proxy.yaml, [sig-storage] CSI mock tests) and a DRA example manifest name it',
  ]),
  nginx('1.14-4', [
    'PreStop "should call prestop when killing a pod" (pod runs, preStop execs `sh -c "while true; do echo preStop; sleep 1; done"`)',
    'Garbage collector (7 tests: RC/Deployment pods must be created and deleted)',
    'EndpointsController/EndpointSlice "should create Endpoints/EndpointSlices for Pods matching a Service" (pods Running with a port)',
    'ReplicationController "should test the lifecycle of a ReplicationController" (pods must become Ready)',
    'Pods Extended "Pod Generation ..." (container image updated to nginx)',
    'PodTemplates tests (image name only, no pod runs)',
  ]),
  nginx('1.15-4', ['no conformance test (imageutils.NginxNew: apimachinery/apply.go only)']),
  {
    ref: 'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7',
    file: 'jessie-dnsutils_1.7',
    runs: 'stand-in: busybox + Debian dash (/bin/sh), bash, dig, host, nslookup, getent (no Debian jessie)',
    layers: [baseLayer, netToolsLayer],
    config: { Cmd: ['bash'], Env: [PATH] },
    neededBy: [
      'DNS conformance tests (8): the "jessie-querier" container runs `sh -c` with `dig +notcp/+tcp +noall +answer +search`, `getent hosts`, `test -n`, `echo OK > /results/...`, `sleep`',
    ],
    differences: [
      'Debian 12 dash/bash/dig 9.18 instead of jessie\'s (dig 9.9); busybox instead of coreutils; no apt, no /coredns',
    ],
  },
  updateDemo('nautilus', [
    'Kubectl client Update Demo "should create and stop a replication controller", "should scale a replication controller" (GET /data.json through the pod proxy must name nautilus.jpg)',
  ]),
  updateDemo('kitten', ['no conformance test (e2e_node image_volume.go, pre-pull list)']),
  {
    ref: 'registry.k8s.io/e2e-test-images/nonewprivs:1.3',
    file: 'nonewprivs_1.3',
    runs: 'stand-in: our static set-uid nnp printing "Effective uid: N"',
    layers: [baseLayer, nnpLayer],
    config: { Cmd: ['nnp'], Env: [PATH] },
    neededBy: [
      'Security Context "when creating containers with AllowPrivilegeEscalation should not allow privilege escalation when false" (runs as uid 1000, output must be "Effective uid: 1000")',
    ],
    differences: ['nnp is a C program of ours (upstream\'s is Go); same output format'],
  },
  {
    ref: 'registry.k8s.io/e2e-test-images/nonroot:1.4',
    file: 'nonroot_1.4',
    runs: 'busybox image with USER 1234',
    layers: [busyboxLayer],
    config: { Cmd: ['sh'], Env: [PATH], User: '1234' },
    neededBy: ['no conformance test (Security Context runAsNonRoot tests, [NodeConformance] only)'],
    differences: ['busybox instead of debian-base bookworm'],
  },
  {
    ref: 'registry.k8s.io/e2e-test-images/sample-apiserver:1.29.2',
    file: 'sample-apiserver_1.29.2',
    runs: 'k8s.io/sample-apiserver v0.35.4, built from the Go module proxy (the real program, a newer version)',
    layers: [baseLayer, sampleApiserverLayer],
    config: { Entrypoint: ['/sample-apiserver'], Env: [PATH] },
    neededBy: ['Aggregator "Should be able to support the 1.17 Sample API Server using the current Aggregator"'],
    differences: [
      'sample-apiserver v0.35.4 (same module version as the rest of the pin) instead of the v1.29.2 build; same flags and wardle.example.com API',
      'Debian busybox base instead of Alpine 3.22',
    ],
  },
  {
    ref: 'registry.k8s.io/etcd:3.6.6-0',
    file: 'etcd_3.6.6-0',
    runs: 'etcd v3.6.16 and etcdctl from hack/etcd (the real program, a newer patch release)',
    layers: [etcdLayer],
    config: { Cmd: ['/usr/local/bin/etcd'], Env: [PATH] },
    neededBy: ['Aggregator "Should be able to support the 1.17 Sample API Server using the current Aggregator" (second container: /usr/local/bin/etcd on 127.0.0.1:2379)'],
    differences: ['etcd v3.6.16 instead of v3.6.6; no etcdutl, no migrate helper; no /etc/passwd'],
  },
];

/** Images of e2e-images.txt that are not built, and why. */
export const notBuilt: { ref: string; reason: string }[] = [
  { ref: 'gcr.io/k8s-authenticated-test/agnhost:2.6', reason: 'deliberately unpullable (private-registry tests, not conformance)' },
  { ref: 'invalid.registry.k8s.io/invalid/alpine:3.1', reason: 'deliberately unpullable (Container Runtime "should not be able to pull image from invalid registry", [NodeConformance], not conformance)' },
  { ref: 'registry.k8s.io/build-image/distroless-iptables:v0.8.9', reason: 'network/kube_proxy.go only (not conformance)' },
  { ref: 'registry.k8s.io/e2e-test-images/apparmor-loader:1.4', reason: 'AppArmor tests only; this machine has no AppArmor' },
  { ref: 'registry.k8s.io/e2e-test-images/ipc-utils:1.3', reason: 'pre-pull list and node e2e only' },
  { ref: 'registry.k8s.io/e2e-test-images/node-perf/npb-ep:1.2', reason: 'node e2e performance workloads only' },
  { ref: 'registry.k8s.io/e2e-test-images/node-perf/npb-is:1.2', reason: 'node e2e performance workloads only' },
  { ref: 'registry.k8s.io/e2e-test-images/node-perf/tf-wide-deep:1.3', reason: 'node e2e performance workloads only' },
  { ref: 'registry.k8s.io/e2e-test-images/perl:5.26', reason: 'node e2e only' },
  { ref: 'registry.k8s.io/e2e-test-images/regression-issue-74839:1.4', reason: 'network/conntrack.go only (not conformance)' },
  { ref: 'registry.k8s.io/e2e-test-images/resource-consumer:1.13', reason: 'autoscaling tests only (not conformance)' },
  { ref: 'registry.k8s.io/e2e-test-images/volume/iscsi:2.6', reason: 'in-tree iSCSI storage tests only' },
  { ref: 'registry.k8s.io/e2e-test-images/volume/nfs:1.4', reason: 'NFS storage tests only (and the pre-pull list)' },
  { ref: 'registry.k8s.io/cloud-provider-gcp/gcp-compute-persistent-disk-csi-driver:v1.4.0', reason: 'GCE PD CSI driver tests only' },
  { ref: 'registry.k8s.io/sig-storage/* (csi-attacher, csi-external-health-monitor-controller, csi-node-driver-registrar, csi-provisioner, csi-resizer, csi-snapshotter, hello-populator, hostpathplugin, livenessprobe, nfs-provisioner, volume-data-source-validator; 21 references)', reason: 'CSI driver deployments of [sig-storage] driver tests; the storage conformance tests (CSIInlineVolumes, VolumeAttachment, CSIStorageCapacity, CSINode, StorageClass, VolumeAttributesClass, PersistentVolumes CSI Conformance) are API-only and run no driver' },
];

export function findImages(names: string[]): Image[] {
  if (names.length === 0) return images;
  return names.map((n) => {
    const hit = images.find((i) => i.ref === n || i.file === n || i.file === n.replace(':', '_'));
    if (!hit) throw new Error(`unknown image ${JSON.stringify(n)} (see --list)`);
    return hit;
  });
}
