// CertificateSigningRequests, after pkg/registry/certificates/certificates
// and the certificates validation. The requesting user is recorded in the
// spec on create; Approved/Denied conditions change only through the
// approval subresource.
import { X509Certificate } from 'node:crypto';
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { deepClone, nowTimestamp } from '../../../machinery/objects.js';
import { defineStrategy, specOf, statusOf } from '../../shared/define.js';
import { type Errs, type O, arr, child, duplicate, forbidden, idx, invalid, isObj, notSupported, required, semanticEqual, str, strs, validateSignerName } from '../../shared/field.js';
import { specDiff as specDiffOf } from '../../shared/podSpec.js';

export const validUsages = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];

interface PemBlock {
  type: string;
  headers: boolean;
  der: Buffer;
}

function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const body = m[2];
    const headers = /^[A-Za-z-]+:/m.test(body);
    out.push({ type: m[1], headers, der: Buffer.from(body.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, ''), 'base64') });
  }
  return out;
}

/** a structural check of a DER SEQUENCE (PKCS#10 and X.509 both start with one) */
function derSequenceOk(der: Buffer): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  let len = der[1];
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || der.length < 2 + n) return false;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[2 + i];
    off = 2 + n;
  }
  return off + len === der.length;
}

function requestError(request: unknown): string | null {
  if (typeof request !== 'string' || !request) return 'PEM block type must be CERTIFICATE REQUEST';
  const text = Buffer.from(request, 'base64').toString('latin1');
  const blocks = pemBlocks(text);
  const first = blocks[0];
  if (!first || (first.type !== 'CERTIFICATE REQUEST' && first.type !== 'NEW CERTIFICATE REQUEST') || first.type !== 'CERTIFICATE REQUEST') return 'PEM block type must be CERTIFICATE REQUEST';
  if (!derSequenceOk(first.der)) return 'asn1: structure error: tags don\'t match';
  return null;
}

function certificateError(cert: unknown): string | null {
  if (typeof cert !== 'string' || !cert) return null;
  const text = Buffer.from(cert, 'base64').toString('latin1');
  const blocks = pemBlocks(text);
  if (!blocks.length) return 'must contain at least one CERTIFICATE PEM block';
  for (const b of blocks) {
    if (b.type !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found ${JSON.stringify(b.type)}`;
    if (b.headers) return 'no PEM block headers are permitted';
    try {
      new X509Certificate(b.der);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return null;
}

function conditionsOf(obj: KObject, type: string): O[] {
  return arr(statusOf(obj).conditions).filter((c) => c?.type === type);
}

interface Opts {
  allowSettingApprovalConditions?: boolean;
  allowSettingCertificate?: boolean;
}

function validateCSR(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  const re = requestError(spec.request);
  if (re) errs.push(invalid('spec.request', spec.request ?? null, re));
  const usages = strs(spec.usages);
  const unknownOld = old ? strs(specOf(old).usages).some((u) => !validUsages.includes(u)) : false;
  if (!usages.length) errs.push(required('spec.usages'));
  if (!unknownOld) usages.forEach((u, i) => {
    if (!validUsages.includes(u)) errs.push(notSupported(idx('spec.usages', i), u, validUsages));
  });
  const dupOld = old ? new Set(strs(specOf(old).usages)).size !== strs(specOf(old).usages).length : false;
  if (!dupOld) {
    const seen = new Set<string>();
    usages.forEach((u, i) => {
      if (seen.has(u)) errs.push(duplicate(idx('spec.usages', i), u));
      seen.add(u);
    });
  }
  const signer = str(spec.signerName);
  const legacyOk = old ? str(specOf(old).signerName) === 'kubernetes.io/legacy-unknown' : false;
  if (!legacyOk && signer === 'kubernetes.io/legacy-unknown') errs.push(invalid('spec.signerName', signer, 'the legacy signerName is not allowed via this API version'));
  else errs.push(...validateSignerName('spec.signerName', signer));
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600)
    errs.push(invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  // conditions
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  arr(statusOf(obj).conditions).forEach((c, i) => {
    const p = idx('status.conditions', i);
    const type = str(c?.type);
    if (!type) errs.push(required(child(p, 'type')));
    const allowed = ['Approved', 'Denied', 'Failed'].includes(type) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!str(c?.status)) errs.push(required(child(p, 'status')));
    else if (!allowed.includes(c.status)) errs.push(notSupported(child(p, 'status'), c.status, allowed));
    if (type === 'Approved') {
      approved = true;
      if (denied) errs.push(invalid('status.conditions', type, 'Approved and Denied conditions are mutually exclusive'));
    } else if (type === 'Denied') {
      denied = true;
      if (approved) errs.push(invalid('status.conditions', type, 'Approved and Denied conditions are mutually exclusive'));
    }
    if (seen.has(type)) errs.push(duplicate(child(p, 'type'), type));
    seen.add(type);
  });
  const ce = certificateError(statusOf(obj).certificate);
  if (ce) errs.push(invalid('status.certificate', '<certificate data>', ce));
  return errs;
}

function validateCSRUpdate(obj: KObject, old: KObject, opts: Opts): Errs {
  const errs = validateCSR(obj, old);
  for (const t of ['Approved', 'Denied', 'Failed'])
    if (conditionsOf(obj, t).length < conditionsOf(old, t).length) errs.push(forbidden('status.conditions', `updates may not remove a condition of type ${JSON.stringify(t)}`));
  if (!opts.allowSettingApprovalConditions)
    for (const t of ['Approved', 'Denied']) {
      const o = conditionsOf(old, t);
      const n = conditionsOf(obj, t);
      if (n.length > o.length) errs.push(forbidden('status.conditions', `updates may not add a condition of type ${JSON.stringify(t)}`));
      else if (n.length === o.length && !semanticEqual(o, n))
        errs.push(forbidden('status.conditions', `updates may not modify a condition of type ${JSON.stringify(t)}\n${specDiffOf('[]certificates.CertificateSigningRequestCondition', o, n)}`));
    }
  const nc = str(statusOf(obj).certificate);
  const oc = str(statusOf(old).certificate);
  if (nc !== oc) {
    if (!opts.allowSettingCertificate) errs.push(forbidden('status.certificate', 'updates may not set certificate content'));
    else if (oc) errs.push(forbidden('status.certificate', 'updates may not modify existing certificate content'));
  }
  return errs;
}

function populateConditionTimestamps(obj: KObject, old: KObject): void {
  const now = nowTimestamp();
  for (const c of arr(statusOf(obj).conditions)) {
    if (!isObj(c)) continue;
    if (!c.lastUpdateTime) c.lastUpdateTime = now;
    if (!c.lastTransitionTime) {
      const prev = arr(statusOf(old).conditions).find((oc) => oc?.type === c.type && oc?.status === c.status && oc?.lastTransitionTime);
      c.lastTransitionTime = prev ? prev.lastTransitionTime : now;
    }
  }
}

function preserveConditionInstances(obj: KObject, old: KObject, type: string): void {
  const nc = arr(statusOf(obj).conditions);
  const oc = arr(statusOf(old).conditions);
  const ni = nc.map((c, i) => (c?.type === type ? i : -1)).filter((i) => i >= 0);
  const oi = oc.map((c, i) => (c?.type === type ? i : -1)).filter((i) => i >= 0);
  if (ni.length !== oi.length) return;
  ni.forEach((n, k) => (nc[n] = deepClone(oc[oi[k]])));
}

export const csrStrategy: Strategy = defineStrategy({
  nameRule: 'path',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  prepareForCreate(obj, ctx) {
    const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as O;
    delete spec.username;
    delete spec.uid;
    delete spec.groups;
    delete spec.extra;
    const u = ctx.user;
    if (u) {
      if (u.name) spec.username = u.name;
      if (u.uid) spec.uid = u.uid;
      if (u.groups?.length) spec.groups = [...u.groups];
      if (u.extra && Object.keys(u.extra).length) spec.extra = deepClone(u.extra);
    }
    obj.status = {};
  },
  validate: (obj) => validateCSR(obj, undefined),
  prepareForUpdate(obj, old, ctx) {
    if (ctx.subresource === 'approval') {
      populateConditionTimestamps(obj, old);
      const conditions = statusOf(obj).conditions;
      obj.spec = deepClone(old.spec);
      obj.status = deepClone(old.status ?? {});
      if (conditions === undefined) delete (obj.status as O).conditions;
      else (obj.status as O).conditions = conditions;
      return;
    }
    obj.spec = deepClone(old.spec);
    if (old.status === undefined) delete obj.status;
    else obj.status = deepClone(old.status);
  },
  validateUpdate: (obj, old, ctx) => validateCSRUpdate(obj, old, { allowSettingApprovalConditions: ctx.subresource === 'approval' }),
  prepareForStatusUpdate(obj, old) {
    preserveConditionInstances(obj, old, 'Approved');
    preserveConditionInstances(obj, old, 'Denied');
    populateConditionTimestamps(obj, old);
  },
  validateStatusUpdate: (obj, old) => validateCSRUpdate(obj, old, { allowSettingCertificate: true }),
  selectableFields: (obj) => ({ 'spec.signerName': str(specOf(obj).signerName) }),
});
