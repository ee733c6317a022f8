// The authorization seam. Every request is checked against an Authorizer
// before it reaches a handler; RBAC and the node authorizer plug in here.
import type { UserInfo } from './user.js';

export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  isResourceRequest: boolean;
  /** for non-resource requests */
  path: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface Decision {
  decision: 'allow' | 'deny' | 'noopinion';
  reason?: string;
}

export interface Authorizer {
  authorize(a: AuthorizationAttributes): Promise<Decision> | Decision;
}

/** system:masters may do anything (as upstream's privileged group). */
export class PrivilegedGroupAuthorizer implements Authorizer {
  authorize(a: AuthorizationAttributes): Decision {
    return a.user.groups.includes('system:masters') ? { decision: 'allow' } : { decision: 'noopinion' };
  }
}

/** Any authenticated user may do anything: the default until RBAC is enforced. */
export class AuthenticatedAuthorizer implements Authorizer {
  authorize(a: AuthorizationAttributes): Decision {
    return a.user.groups.includes('system:authenticated') ? { decision: 'allow' } : { decision: 'noopinion' };
  }
}

/** First authorizer with an opinion wins; no opinion at all is a denial. */
export class UnionAuthorizer implements Authorizer {
  constructor(private readonly chain: Authorizer[]) {}
  async authorize(a: AuthorizationAttributes): Promise<Decision> {
    for (const z of this.chain) {
      const d = await z.authorize(a);
      if (d.decision !== 'noopinion') return d;
    }
    return { decision: 'deny', reason: '' };
  }
}
