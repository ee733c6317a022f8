// Service account tokens: JWTs (ES256) issued through the
// serviceaccounts/token subresource (TokenRequest) and accepted as bearer
// tokens. Claims follow upstream's bound service account tokens: iss, sub,
// aud, exp, iat, nbf, jti and the kubernetes.io claim naming the namespace,
// the service account and the object the token is bound to.
import { createSign, createVerify, randomUUID, type KeyObject } from 'node:crypto';
import type { UserInfo } from './user.js';
import type { TokenAuthenticator } from './authenticator.js';
import type { TokenIssuer } from '../server/handlers/subresources.js';
import type { KObject } from '../machinery/objects.js';
import { invalid, notFound, ApiError } from '../machinery/errors.js';
import { nowTimestamp } from '../machinery/objects.js';

export interface ServiceAccountTokenOptions {
  issuer: string;
  /** audiences the API server accepts (default: [issuer]) */
  apiAudiences: string[];
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** read the current object (for bound-token checks); undefined when absent */
  lookup(group: string, resource: string, namespace: string, name: string): KObject | undefined;
  maxExpirationSeconds?: number;
}

interface Claims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
    secret?: { name: string; uid: string };
    node?: { name: string; uid: string };
  };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** DER ECDSA signature → the raw r||s form JWS uses (and back). */
function derToJose(der: Buffer): Buffer {
  let i = 2;
  if (der[1] & 0x80) i += der[1] & 0x7f;
  const rLen = der[i + 1];
  let r = der.subarray(i + 2, i + 2 + rLen);
  i = i + 2 + rLen;
  const sLen = der[i + 1];
  let s = der.subarray(i + 2, i + 2 + sLen);
  const pad = (x: Buffer) => {
    while (x.length > 32 && x[0] === 0) x = x.subarray(1);
    return Buffer.concat([Buffer.alloc(32 - x.length), x]);
  };
  r = pad(r);
  s = pad(s);
  return Buffer.concat([r, s]);
}

function joseToDer(sig: Buffer): Buffer {
  const enc = (x: Buffer) => {
    let v = x;
    while (v.length > 1 && v[0] === 0 && !(v[1] & 0x80)) v = v.subarray(1);
    if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([enc(sig.subarray(0, 32)), enc(sig.subarray(32, 64))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

export class ServiceAccountTokens implements TokenAuthenticator, TokenIssuer {
  readonly keyId: string;

  constructor(private readonly o: ServiceAccountTokenOptions) {
    const jwk = o.publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    this.keyId = b64url(Buffer.from(`${jwk.x}.${jwk.y}`)).slice(0, 43);
  }

  /** the JSON Web Key Set for /openid/v1/jwks */
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.o.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    return { keys: [{ use: 'sig', kty: jwk.kty, kid: this.keyId, crv: jwk.crv, alg: 'ES256', x: jwk.x, y: jwk.y }] };
  }

  sign(claims: Claims): string {
    const header = b64url(JSON.stringify({ alg: 'ES256', kid: this.keyId }));
    const payload = b64url(JSON.stringify(claims));
    const signer = createSign('SHA256');
    signer.update(`${header}.${payload}`);
    const sig = derToJose(signer.sign(this.o.privateKey));
    return `${header}.${payload}.${b64url(sig)}`;
  }

  private verify(token: string): Claims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as { alg?: string };
      if (header.alg !== 'ES256') return undefined;
      const sig = Buffer.from(parts[2], 'base64url');
      if (sig.length !== 64) return undefined;
      const v = createVerify('SHA256');
      v.update(`${parts[0]}.${parts[1]}`);
      if (!v.verify(this.o.publicKey, joseToDer(sig))) return undefined;
      return JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as Claims;
    } catch {
      return undefined;
    }
  }

  authenticateToken(token: string): UserInfo | undefined {
    const c = this.verify(token);
    if (!c || c.iss !== this.o.issuer) return undefined;
    const now = Math.floor(Date.now() / 1000);
    if (typeof c.exp !== 'number' || c.exp < now || (c.nbf && c.nbf > now + 60)) return undefined;
    const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!aud.some((a) => this.o.apiAudiences.includes(a))) return undefined;
    const k = c['kubernetes.io'];
    if (!k) return undefined;
    // a bound token is valid only while its service account (and bound object) exist unchanged
    const sa = this.o.lookup('', 'serviceaccounts', k.namespace, k.serviceaccount.name);
    if (!sa || sa.metadata?.uid !== k.serviceaccount.uid) return undefined;
    const extra: Record<string, string[]> = { 'authentication.kubernetes.io/credential-id': [`JTI=${c.jti}`] };
    if (k.pod) {
      const pod = this.o.lookup('', 'pods', k.namespace, k.pod.name);
      if (!pod || pod.metadata?.uid !== k.pod.uid || pod.metadata?.deletionTimestamp) return undefined;
      extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
    }
    if (k.secret) {
      const s = this.o.lookup('', 'secrets', k.namespace, k.secret.name);
      if (!s || s.metadata?.uid !== k.secret.uid) return undefined;
    }
    if (k.node) {
      extra['authentication.kubernetes.io/node-name'] = [k.node.name];
      extra['authentication.kubernetes.io/node-uid'] = [k.node.uid];
    }
    return {
      name: `system:serviceaccount:${k.namespace}:${k.serviceaccount.name}`,
      uid: k.serviceaccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${k.namespace}`],
      extra,
    };
  }

  async issue(sa: KObject, request: KObject): Promise<KObject> {
    const spec = ((request.spec ?? {}) as Record<string, unknown>) ?? {};
    const name = sa.metadata?.name ?? '';
    const ns = sa.metadata?.namespace ?? '';
    const audiences = Array.isArray(spec.audiences) && spec.audiences.length ? (spec.audiences as string[]) : this.o.apiAudiences;
    let seconds = typeof spec.expirationSeconds === 'number' ? spec.expirationSeconds : 3600;
    if (seconds < 600)
      throw invalid('TokenRequest', 'authentication.k8s.io', name, [
        { type: 'FieldValueInvalid', field: 'spec.expirationSeconds', value: seconds, detail: 'may not specify a duration less than 10 minutes' },
      ]);
    if (seconds > 2 ** 32)
      throw invalid('TokenRequest', 'authentication.k8s.io', name, [
        { type: 'FieldValueTooLong', field: 'spec.expirationSeconds', detail: 'may not specify a duration larger than 2^32 seconds' },
      ]);
    if (this.o.maxExpirationSeconds) seconds = Math.min(seconds, this.o.maxExpirationSeconds);
    const now = Math.floor(Date.now() / 1000);
    const claims: Claims = {
      iss: this.o.issuer,
      sub: `system:serviceaccount:${ns}:${name}`,
      aud: audiences,
      exp: now + seconds,
      iat: now,
      nbf: now,
      jti: randomUUID(),
      'kubernetes.io': { namespace: ns, serviceaccount: { name, uid: sa.metadata?.uid ?? '' } },
    };
    const ref = spec.boundObjectRef as { kind?: string; apiVersion?: string; name?: string; uid?: string } | undefined;
    if (ref && ref.kind) {
      const kinds: Record<string, [string, string, string]> = {
        Pod: ['', 'pods', ns],
        Secret: ['', 'secrets', ns],
        Node: ['', 'nodes', ''],
      };
      const k = kinds[ref.kind];
      if (!k)
        throw invalid('TokenRequest', 'authentication.k8s.io', name, [
          { type: 'FieldValueNotSupported', field: 'spec.boundObjectRef.kind', value: ref.kind, detail: 'supported values: "Pod", "Secret", "Node"' },
        ]);
      const obj = this.o.lookup(k[0], k[1], k[2], ref.name ?? '');
      if (!obj) throw notFound({ group: '', resource: k[1] }, ref.name ?? '');
      const uid = obj.metadata?.uid ?? '';
      if (ref.uid && ref.uid !== uid) throw new ApiError(409, 'Conflict', `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
      const bound = { name: ref.name ?? '', uid };
      if (ref.kind === 'Pod') {
        claims['kubernetes.io'].pod = bound;
        const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
        if (nodeName) {
          const node = this.o.lookup('', 'nodes', '', nodeName);
          if (node) claims['kubernetes.io'].node = { name: nodeName, uid: node.metadata?.uid ?? '' };
        }
      } else if (ref.kind === 'Secret') claims['kubernetes.io'].secret = bound;
      else claims['kubernetes.io'].node = bound;
      // a bound token lives at most as long as the object (checked on use)
    }
    const token = this.sign(claims);
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name, namespace: ns, creationTimestamp: null },
      spec: { audiences, expirationSeconds: seconds, boundObjectRef: ref ?? null },
      status: { token, expirationTimestamp: nowTimestamp(new Date(claims.exp * 1000)) },
    } as KObject;
  }
}
