// Parses a request path into what it addresses, following the rules of
// k8s.io/apiserver/pkg/endpoints/request/requestinfo.go.

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'connect';

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** api or apis */
  prefix: string;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** path segments after the subresource (proxy paths) */
  rest: string[];
  verb: Verb | string;
}

const namespaceSubresources = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    prefix: '',
    group: '',
    version: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    rest: [],
    verb: method.toLowerCase(),
  };
  let parts = path.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length === 0 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info;
  info.prefix = parts[0];
  parts = parts.slice(1);
  if (info.prefix === 'apis') {
    if (parts.length < 2 || !parts[0]) return info; // /apis or /apis/<group>
    info.group = parts[0];
    parts = parts.slice(1);
  }
  if (parts.length < 1 || !parts[0]) return info;
  info.version = parts[0];
  parts = parts.slice(1);
  if (parts.length === 0 || !parts[0]) return info; // /api/v1 or /apis/g/v
  info.isResourceRequest = true;

  let verbFromPath = '';
  if (parts[0] === 'watch') {
    verbFromPath = 'watch';
    parts = parts.slice(1);
  }
  switch (method) {
    case 'POST':
      info.verb = 'create';
      break;
    case 'GET':
    case 'HEAD':
      info.verb = 'get';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = 'delete';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  if (verbFromPath) info.verb = verbFromPath;

  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = decodeURIComponent(parts[1]);
      if (parts.length > 2 && !namespaceSubresources.has(parts[2])) parts = parts.slice(2);
    }
  }
  info.resource = parts[0] ?? '';
  if (parts.length >= 2) info.name = decodeURIComponent(parts[1]);
  if (parts.length >= 3) info.subresource = parts[2];
  if (parts.length > 3) info.rest = parts.slice(3);
  if (info.resource === 'namespaces' && !info.name) info.namespace = '';

  if (!info.name && info.verb === 'get') {
    // anything but "0" and "false" (any case) is true, as upstream's parameter codec reads booleans
    const w = query.get('watch');
    info.verb = w !== null && w !== '0' && w.toLowerCase() !== 'false' ? 'watch' : 'list';
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}
