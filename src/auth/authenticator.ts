// Request authentication: client certificates signed by the cluster CA
// (CN = user, O = groups), then bearer tokens. Requests without credentials
// are anonymous; the server rejects them with 401 except on public paths.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import type { UserInfo } from './user.js';

export interface TokenAuthenticator {
  /** undefined when the token is not one this authenticator knows */
  authenticateToken(token: string): Promise<UserInfo | undefined> | UserInfo | undefined;
}

export interface AuthResult {
  user?: UserInfo;
  /** credentials were presented but were not valid */
  failed?: boolean;
}

function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function withAuthenticated(u: UserInfo): UserInfo {
  return u.groups.includes('system:authenticated') || u.name === 'system:anonymous' ? u : { ...u, groups: [...u.groups, 'system:authenticated'] };
}

export class RequestAuthenticator {
  constructor(private readonly tokens: TokenAuthenticator[] = []) {}

  addTokenAuthenticator(t: TokenAuthenticator): void {
    this.tokens.push(t);
  }

  /** the client certificate's identity, read once per TLS connection */
  private readonly certUsers = new WeakMap<TLSSocket, UserInfo | null>();

  async authenticate(req: IncomingMessage): Promise<AuthResult> {
    const sock = req.socket as TLSSocket;
    if (typeof sock.getPeerCertificate === 'function' && sock.authorized) {
      let user = this.certUsers.get(sock);
      if (user === undefined) {
        const cert = sock.getPeerCertificate() as PeerCertificate;
        user = cert && cert.subject && cert.subject.CN ? withAuthenticated({ name: asList(cert.subject.CN)[0], groups: asList(cert.subject.O) }) : null;
        this.certUsers.set(sock, user);
      }
      if (user) return { user };
    }
    const h = req.headers.authorization;
    if (h) {
      const m = /^Bearer\s+(.+)$/i.exec(h.trim());
      if (!m) return { failed: true };
      for (const t of this.tokens) {
        const u = await t.authenticateToken(m[1].trim());
        if (u) return { user: withAuthenticated(u) };
      }
      return { failed: true };
    }
    return {};
  }
}
