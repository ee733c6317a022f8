#!/usr/bin/env node
// Builds the protobuf descriptor bundle tskube uses to read and write
// application/vnd.kubernetes.protobuf bodies.
//
// Inputs come from the pinned Go modules (located with `go mod download -json`):
// every generated.proto of k8s.io/api, the apimachinery packages they import,
// apiextensions-apiserver and kube-aggregator. Besides the .proto files this
// script reads the Go type declarations next to them, because the JSON shape
// of a Go value depends on facts the .proto files do not carry: the JSON field
// name (`json:"..."` tag), omitempty/omitzero, whether a field is a pointer
// (and so may be absent) and whether a struct is inlined into its parent.
//
// Output (api-schemas/generated/, not committed; rebuilt by `make`):
//   proto.json        { descriptor: protobufjs Root.toJSON() with every type
//                       reference fully qualified (leading "."), kinds, unversionedKinds,
//                       go: per message Go facts, modules }
//   proto-kinds.json  the "group/version/Kind" -> message index alone
//                     (core kinds as "v1/Pod")
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, statSync, renameSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const MODULES = [
  ['k8s.io/api', 'v0.35.4'],
  ['k8s.io/apimachinery', 'v0.35.4'],
  ['k8s.io/apiextensions-apiserver', 'v0.35.4'],
  ['k8s.io/kube-aggregator', 'v0.35.4'],
];
const FORMAT = 1;

const scriptPath = fileURLToPath(import.meta.url);
const root = join(dirname(scriptPath), '..');
const outDir = join(root, 'api-schemas', 'generated');
const outFile = join(outDir, 'proto.json');
const indexFile = join(outDir, 'proto-kinds.json');
const force = process.argv.includes('--force');

// ---- up to date? ---------------------------------------------------------------
if (!force && existsSync(outFile) && existsSync(indexFile)) {
  const scriptTime = statSync(scriptPath).mtimeMs;
  if (statSync(outFile).mtimeMs > scriptTime && statSync(indexFile).mtimeMs > scriptTime) {
    try {
      const head = JSON.parse(readFileSync(indexFile, 'utf8'));
      if (head.format === FORMAT && JSON.stringify(head.modules) === JSON.stringify(Object.fromEntries(MODULES))) {
        process.exit(0);
      }
    } catch {
      // regenerate
    }
  }
}

// ---- locate modules ---------------------------------------------------------------
function moduleDir(path, version) {
  const env = { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' };
  const out = execFileSync('go', ['mod', 'download', '-json', `${path}@${version}`], {
    env,
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = JSON.parse(out);
  if (!info.Dir) throw new Error(`go mod download gave no directory for ${path}@${version}: ${out}`);
  return info.Dir;
}

const moduleDirs = new Map(MODULES.map(([p, v]) => [p, moduleDir(p, v)]));

/** "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto" -> absolute path */
function resolveImport(importPath) {
  let best = null;
  for (const [mod, dir] of moduleDirs) {
    if (importPath.startsWith(mod + '/') && (!best || mod.length > best[0].length)) best = [mod, dir];
  }
  if (!best) return null;
  return join(best[1], importPath.slice(best[0].length + 1));
}

function findProtos(dir) {
  const out = [];
  const walk = (d) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      if (ent.isDirectory()) {
        if (ent.name === 'testdata' || ent.name === 'vendor' || ent.name.startsWith('.')) continue;
        walk(join(d, ent.name));
      } else if (ent.name === 'generated.proto') {
        out.push(join(d, ent.name));
      }
    }
  };
  walk(dir);
  return out.sort();
}

// The API packages: everything in k8s.io/api, plus the apiextensions and
// apiregistration groups. apimachinery files come in through imports (and
// meta/v1 explicitly, for its common kinds).
const entryProtos = [
  ...findProtos(moduleDirs.get('k8s.io/api')),
  ...findProtos(join(moduleDirs.get('k8s.io/apiextensions-apiserver'), 'pkg', 'apis')),
  ...findProtos(join(moduleDirs.get('k8s.io/kube-aggregator'), 'pkg', 'apis')),
  join(moduleDirs.get('k8s.io/apimachinery'), 'pkg', 'apis', 'meta', 'v1', 'generated.proto'),
  join(moduleDirs.get('k8s.io/apimachinery'), 'pkg', 'runtime', 'generated.proto'),
];

// ---- load .proto files -------------------------------------------------------
const pbRoot = new protobuf.Root();
pbRoot.resolvePath = (origin, target) => {
  if (target.startsWith('/')) return target;
  const mapped = resolveImport(target);
  if (mapped) return mapped;
  return protobuf.util.path.resolve(origin, target);
};
pbRoot.loadSync(entryProtos, { keepCase: true, alternateCommentMode: false });
pbRoot.resolveAll();

/** proto files actually loaded, keyed by their package name */
const packageDirs = new Map(); // "k8s.io.api.core.v1" -> dir
for (const file of pbRoot.files) {
  const text = readFileSync(file, 'utf8');
  const m = /^package\s+([\w.]+)\s*;/m.exec(text);
  if (!m) throw new Error(`no package statement in ${file}`);
  packageDirs.set(m[1], dirname(file));
}

const allTypes = [];
(function collect(ns) {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) allTypes.push(nested);
    if (nested.nestedArray) collect(nested);
  }
})(pbRoot);

// Make every field type reference absolute so consumers need no scoping rules.
for (const t of allTypes) {
  for (const f of t.fieldsArray) {
    if (f.resolvedType) f.type = f.resolvedType.fullName;
  }
}
const fqn = (t) => t.fullName.replace(/^\./, '');
const typeByName = new Map(allTypes.map((t) => [fqn(t), t]));

// ---- Go declarations -------------------------------------------------------------
// Minimal reader for the struct declarations of the API packages. These files are
// gofmt'ed and regular: one field per line, struct tags in back quotes.

function parseTag(tag) {
  const out = {};
  const re = /(\w+):"((?:[^"\\]|\\.)*)"/g;
  let m;
  while ((m = re.exec(tag))) out[m[1]] = m[2];
  return out;
}

function stripComment(line) {
  // struct field lines never contain "//" inside back quotes in these packages
  const tick = line.indexOf('`');
  const c = line.indexOf('//');
  if (c >= 0 && (tick < 0 || c < tick)) return line.slice(0, c);
  return line;
}

/** Go facts for one package: struct fields and named slice types */
function readGoPackage(dir) {
  const structs = new Map();
  const sliceTypes = new Map();
  const definedFrom = new Map(); // "type List metav1.List": name -> Go import path + "." + type
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.go') || name.endsWith('_test.go')) continue;
    const text = readFileSync(join(dir, name), 'utf8');
    const imports = new Map();
    const block = /^import\s*\(([\s\S]*?)^\)/m.exec(text)?.[1] ?? '';
    for (const im of block.matchAll(/^\s*(\w+\s+)?"([^"]+)"/gm)) {
      imports.set(im[1] ? im[1].trim() : im[2].slice(im[2].lastIndexOf('/') + 1), im[2]);
    }
    for (const im of text.matchAll(/^import\s+(\w+\s+)?"([^"]+)"/gm)) {
      imports.set(im[1] ? im[1].trim() : im[2].slice(im[2].lastIndexOf('/') + 1), im[2]);
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let m = /^type\s+(\w+)\s+\[\](\*?[\w.]+)\s*$/.exec(stripComment(line).trimEnd());
      if (m) {
        sliceTypes.set(m[1], m[2]);
        continue;
      }
      m = /^type\s+(\w+)\s+=?\s*(\w+)\.(\w+)\s*$/.exec(stripComment(line).trimEnd());
      if (m) {
        const path = imports.get(m[2]);
        if (path) definedFrom.set(m[1], `${path}.${m[3]}`);
        continue;
      }
      m = /^type\s+(\w+)\s+struct\s*\{\s*(\}?)\s*$/.exec(stripComment(line).trimEnd());
      if (!m) continue;
      const fields = [];
      structs.set(m[1], fields);
      if (m[2]) continue;
      for (i++; i < lines.length && !/^\}/.test(lines[i]); i++) {
        const l = stripComment(lines[i]).trim();
        if (!l) continue;
        let fm = /^(\w+)\s+(\S+)\s+`(.*)`$/.exec(l);
        let goName, goType, tag;
        if (fm) {
          [, goName, goType, tag] = fm;
        } else if ((fm = /^(\*?[\w.]+)\s+`(.*)`$/.exec(l))) {
          goType = fm[1];
          goName = goType.replace(/^\*/, '').replace(/^.*\./, '');
          tag = fm[2];
        } else if ((fm = /^(\w+)\s+(\S+)$/.exec(l))) {
          [, goName, goType] = fm;
          tag = '';
        } else {
          continue;
        }
        const tags = parseTag(tag);
        const pb = tags.protobuf;
        if (!pb || pb === '-') continue;
        const parts = pb.split(',');
        const number = Number(parts[1]);
        const protoName = (parts.find((p) => p.startsWith('name=')) || '').slice(5);
        const json = tags.json ?? '';
        const [jsonNameRaw, ...opts] = json.split(',');
        const embedded = !fm || fm.length === 3;
        const inline = opts.includes('inline') || (embedded && jsonNameRaw === '' && !('json' in tags));
        fields.push({
          number,
          protoName,
          goName,
          jsonName: jsonNameRaw === '' ? goName : jsonNameRaw,
          omitempty: opts.includes('omitempty'),
          omitzero: opts.includes('omitzero'),
          pointer: goType.startsWith('*'),
          inline,
          skipJSON: jsonNameRaw === '-' && opts.length === 0,
        });
      }
    }
  }
  return { structs, sliceTypes, definedFrom };
}

const FLAG_OMITEMPTY = 1;
const FLAG_POINTER = 2;
const FLAG_INLINE = 4;
const FLAG_OMITZERO = 8;
const FLAG_NOJSON = 16;

const goInfo = {};
const warnings = [];
const pendingDefined = [];
for (const [pkg, dir] of packageDirs) {
  const { structs, sliceTypes, definedFrom } = readGoPackage(dir);
  for (const [name, target] of definedFrom) {
    const msgName = `${pkg}.${name}`;
    if (typeByName.has(msgName)) pendingDefined.push([msgName, target.replace(/[/-]/g, (c) => (c === '/' ? '.' : '_'))]);
  }
  for (const [name, fields] of structs) {
    const msgName = `${pkg}.${name}`;
    const type = typeByName.get(msgName);
    if (!type) continue;
    const byNumber = {};
    for (const f of fields) {
      const pf = type.fieldsById[f.number];
      if (!pf) {
        warnings.push(`${msgName}.${f.goName}: no proto field ${f.number}`);
        continue;
      }
      if (f.protoName && f.protoName !== pf.name) warnings.push(`${msgName}: proto name ${pf.name} vs Go tag ${f.protoName}`);
      let flags = 0;
      if (f.omitempty) flags |= FLAG_OMITEMPTY;
      if (f.pointer) flags |= FLAG_POINTER;
      if (f.inline) flags |= FLAG_INLINE;
      if (f.omitzero) flags |= FLAG_OMITZERO;
      if (f.skipJSON) flags |= FLAG_NOJSON;
      byNumber[f.number] = [f.inline ? '' : f.jsonName, flags];
    }
    goInfo[msgName] = { fields: byNumber };
  }
  for (const [name, elem] of sliceTypes) {
    const msgName = `${pkg}.${name}`;
    const type = typeByName.get(msgName);
    if (!type) continue;
    const items = type.fieldsById[1];
    if (type.fieldsArray.length !== 1 || !items || items.name !== 'items' || items.rule !== 'repeated') {
      warnings.push(`${msgName}: Go slice type ${elem} without an items-only message`);
      continue;
    }
    goInfo[msgName] = { slice: true };
  }
}

// Types defined from a struct of another package ("type List metav1.List") share
// that struct's fields.
for (const [msgName, target] of pendingDefined) {
  if (goInfo[msgName]) continue;
  if (goInfo[target]) goInfo[msgName] = goInfo[target];
  else warnings.push(`${msgName}: defined from ${target}, which has no Go facts`);
}

// ---- kinds -----------------------------------------------------------------------
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const kinds = {};
// kinds metav1.AddToGroupVersion adds to every group version
const perGroupVersionMeta = ['WatchEvent', 'ListOptions', 'GetOptions', 'DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions'];
// kinds registered as unversioned: decodable whatever apiVersion the envelope names
const unversionedKinds = {};
for (const k of ['Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList']) unversionedKinds[k] = `${META}.${k}`;

// kinds registered in the scheme that have no protobuf form
const notProtobuf = new Set([`${META}.Table`]);

function addKind(gv, kind, msg) {
  if (notProtobuf.has(msg)) return;
  if (!typeByName.has(msg)) {
    warnings.push(`${gv}/${kind}: no message ${msg}`);
    return;
  }
  kinds[`${gv}/${kind}`] = msg;
}

for (const [pkg, dir] of packageDirs) {
  const regPath = join(dir, 'register.go');
  if (!existsSync(regPath)) continue;
  const src = readFileSync(regPath, 'utf8');
  const group = /const\s+GroupName\s*=\s*"([^"]*)"/.exec(src)?.[1];
  const version = /SchemeGroupVersion\s*=\s*schema\.GroupVersion\{\s*Group:\s*\w+,\s*Version:\s*"([^"]+)"/.exec(src)?.[1];
  if (group === undefined || !version) continue;
  const gv = group ? `${group}/${version}` : version;
  const re = /AddKnownTypes\(\s*SchemeGroupVersion\s*,([^)]*)\)/g;
  let m;
  while ((m = re.exec(src))) {
    for (const t of m[1].matchAll(/&(?:(\w+)\.)?(\w+)\{\}/g)) {
      const [, qual, kind] = t;
      const msg = qual === 'metav1' ? `${META}.${kind}` : qual ? null : `${pkg}.${kind}`;
      if (msg) addKind(gv, kind, msg);
    }
  }
  if (/metav1\.AddToGroupVersion\(\s*scheme\s*,\s*SchemeGroupVersion\s*\)/.test(src)) {
    for (const k of perGroupVersionMeta) addKind(gv, k, `${META}.${k}`);
  }
}
// meta.k8s.io/v1 (AddMetaToScheme, plus the option types registered unversioned there)
for (const k of ['TableOptions', 'PartialObjectMetadata', 'PartialObjectMetadataList', ...perGroupVersionMeta.slice(1)]) {
  addKind('meta.k8s.io/v1', k, `${META}.${k}`);
}
for (const k of Object.keys(unversionedKinds)) if (!kinds[`v1/${k}`]) addKind('v1', k, unversionedKinds[k]);

// ---- write ------------------------------------------------------------------------
const sortedKinds = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const modules = Object.fromEntries(MODULES);
const bundle = {
  format: FORMAT,
  modules,
  kinds: sortedKinds,
  unversionedKinds,
  go: goInfo,
  descriptor: pbRoot.toJSON({ keepComments: false }),
};
mkdirSync(outDir, { recursive: true });
const tmp = outFile + '.tmp';
writeFileSync(tmp, JSON.stringify(bundle));
renameSync(tmp, outFile);
writeFileSync(indexFile + '.tmp', JSON.stringify({ format: FORMAT, modules, kinds: sortedKinds, unversionedKinds }, null, 1) + '\n');
renameSync(indexFile + '.tmp', indexFile);

for (const w of warnings) process.stderr.write(`gen-proto: warning: ${w}\n`);
process.stderr.write(
  `gen-proto: ${allTypes.length} messages from ${pbRoot.files.length} files, ${Object.keys(kinds).length} kinds -> ${relative(root, outFile)}\n`,
);
