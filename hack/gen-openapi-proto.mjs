#!/usr/bin/env node
// Builds the protobufjs descriptor of the gnostic OpenAPI v2 messages
// (package openapi.v2, Document and everything it references). tskube encodes
// /openapi/v2 with it when a client asks for
// application/com.github.proto-openapi.spec.v2@v1.0+protobuf (kubectl 1.27/1.28).
//
// Input: openapiv2/OpenAPIv2.proto of github.com/google/gnostic-models, the
// version kube-openapi uses in the pinned Kubernetes release, located with
// `go mod download -json`. The google/protobuf/any.proto import comes from
// protobufjs' bundled well-known types.
//
// Output (api-schemas/generated/, not committed; rebuilt by `make`):
//   openapi-v2.proto.json  { format, module, version, descriptor: Root.toJSON() }
//                          field names kept as in the .proto (snake_case)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const MODULE = 'github.com/google/gnostic-models';
const VERSION = 'v0.7.0';
const PROTO = 'openapiv2/OpenAPIv2.proto';
const FORMAT = 1;

const scriptPath = fileURLToPath(import.meta.url);
const root = join(dirname(scriptPath), '..');
const outDir = join(root, 'api-schemas', 'generated');
const outFile = join(outDir, 'openapi-v2.proto.json');
const force = process.argv.includes('--force');

// ---- up to date? ---------------------------------------------------------------
if (!force && existsSync(outFile) && statSync(outFile).mtimeMs > statSync(scriptPath).mtimeMs) {
  try {
    const head = JSON.parse(readFileSync(outFile, 'utf8'));
    if (head.format === FORMAT && head.module === MODULE && head.version === VERSION && head.descriptor) process.exit(0);
  } catch {
    // regenerate
  }
}

// ---- locate the module -----------------------------------------------------------
const info = JSON.parse(
  execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${VERSION}`], {
    env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);
if (!info.Dir) throw new Error(`go mod download gave no directory for ${MODULE}@${VERSION}`);
const protoFile = join(info.Dir, PROTO);

// ---- load and check ----------------------------------------------------------------
const pbRoot = new protobuf.Root();
pbRoot.loadSync(protoFile, { keepCase: true });
pbRoot.resolveAll();
const doc = pbRoot.lookupType('openapi.v2.Document');
// the encoder relies on these shapes; fail the build loudly if they ever move
const expect = [
  ['openapi.v2.Document', 'definitions', 9],
  ['openapi.v2.Document', 'paths', 8],
  ['openapi.v2.Schema', '_ref', 1],
  ['openapi.v2.Schema', 'additional_properties', 21],
  ['openapi.v2.Schema', 'vendor_extension', 31],
  ['openapi.v2.Any', 'yaml', 2],
  ['openapi.v2.NamedAny', 'value', 2],
];
for (const [type, field, id] of expect) {
  const f = pbRoot.lookupType(type).fields[field];
  if (!f || f.id !== id) throw new Error(`${PROTO}: ${type}.${field} is not field ${id}`);
}
if (!doc.fieldsArray.length) throw new Error('empty Document message');

// ---- write ---------------------------------------------------------------------
mkdirSync(outDir, { recursive: true });
const out = { format: FORMAT, module: MODULE, version: VERSION, descriptor: pbRoot.toJSON() };
const tmp = `${outFile}.tmp-${process.pid}`;
writeFileSync(tmp, JSON.stringify(out));
renameSync(tmp, outFile);
console.log(`gen-openapi-proto: wrote ${outFile.slice(root.length + 1)} (${Object.keys(pbRoot.lookup('openapi.v2').nested).length} messages)`);
