// A small API client for controllers: JSON requests and watch streams over
// HTTPS with client-certificate or bearer-token credentials from a
// kubeconfig. Controllers see the API exactly as an external client does.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { yaml } from '../../machinery/yaml.js';
import type { KObject, KList } from '../../machinery/objects.js';

export interface ClientConfig {
  server: string;
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
  userAgent?: string;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

interface KubeconfigFile {
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string } }[];
  users?: { name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string; 'client-certificate'?: string; 'client-key'?: string; token?: string } }[];
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  'current-context'?: string;
}

const fromB64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** Read the current context of a kubeconfig file. */
export function loadKubeconfig(path: string): ClientConfig {
  const kc = yaml().parse(readFileSync(path, 'utf8')) as KubeconfigFile;
  const ctxName = kc['current-context'];
  const ctx = kc.contexts?.find((c) => c.name === ctxName)?.context ?? kc.contexts?.[0]?.context;
  const cluster = kc.clusters?.find((c) => c.name === ctx?.cluster)?.cluster ?? kc.clusters?.[0]?.cluster;
  const user = kc.users?.find((u) => u.name === ctx?.user)?.user ?? kc.users?.[0]?.user ?? {};
  if (!cluster) throw new Error(`${path}: no cluster`);
  const read = (data?: string, file?: string) => (data ? fromB64(data) : file ? readFileSync(file, 'utf8') : undefined);
  return {
    server: cluster.server,
    ca: read(cluster['certificate-authority-data'], cluster['certificate-authority']) ?? '',
    cert: read(user['client-certificate-data'], user['client-certificate']),
    key: read(user['client-key-data'], user['client-key']),
    token: user.token,
  };
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KObject;
}

export interface WatchStream {
  stop(): void;
  /** resolves when the stream ends (server timeout, error, stop) */
  done: Promise<void>;
}

export class ApiClient {
  private readonly agent: https.Agent;
  private readonly url: URL;

  constructor(readonly config: ClientConfig) {
    this.url = new URL(config.server);
    this.agent = new https.Agent({ ca: config.ca, cert: config.cert, key: config.key, keepAlive: true, maxSockets: 32 });
  }

  close(): void {
    this.agent.destroy();
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.config.userAgent ?? 'tskube-controller-manager', ...extra };
    if (this.config.token) h.Authorization = `Bearer ${this.config.token}`;
    return h;
  }

  request<T = KObject>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = https.request(
        {
          host: this.url.hostname,
          port: this.url.port || 443,
          method,
          path,
          agent: this.agent,
          headers: this.headers(data ? { 'Content-Type': contentType, 'Content-Length': String(data.length) } : {}),
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(parsed as T);
            else {
              const st = (parsed ?? {}) as { reason?: string; message?: string };
              reject(new ApiRequestError(status, st.reason ?? '', st.message ?? `HTTP ${status}`, parsed));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`request timed out: ${method} ${path}`)));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  get<T = KObject>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  list(path: string): Promise<KList> {
    return this.request<KList>('GET', path);
  }

  create<T = KObject>(path: string, obj: unknown): Promise<T> {
    return this.request<T>('POST', path, obj);
  }

  update<T = KObject>(path: string, obj: unknown): Promise<T> {
    return this.request<T>('PUT', path, obj);
  }

  patch<T = KObject>(path: string, patch: unknown, type: 'merge' | 'strategic' | 'json' = 'merge'): Promise<T> {
    const ct = { merge: 'application/merge-patch+json', strategic: 'application/strategic-merge-patch+json', json: 'application/json-patch+json' }[type];
    return this.request<T>('PATCH', path, patch, ct);
  }

  delete<T = KObject>(path: string, options?: unknown): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /**
   * Open a watch; events are delivered in order to onEvent. The stream ends
   * on server timeout or error (the caller re-watches or re-lists).
   */
  watch(path: string, onEvent: (e: WatchEvent) => void): WatchStream {
    let req: ReturnType<typeof https.request> | undefined;
    let stopped = false;
    const done = new Promise<void>((resolve, reject) => {
      req = https.request(
        { host: this.url.hostname, port: this.url.port || 443, method: 'GET', path, agent: this.agent, headers: this.headers() },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => {
              let st: { reason?: string; message?: string } = {};
              try {
                st = JSON.parse(text) as typeof st;
              } catch {
                /* not a Status */
              }
              reject(new ApiRequestError(status, st.reason ?? '', st.message ?? `HTTP ${status}`));
            });
            return;
          }
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 1);
              if (!line.trim()) continue;
              try {
                onEvent(JSON.parse(line) as WatchEvent);
              } catch (e) {
                req?.destroy(e as Error);
                return;
              }
            }
          });
          res.on('end', () => resolve());
          res.on('close', () => resolve());
          res.on('error', (e) => (stopped ? resolve() : reject(e)));
        },
      );
      req.on('error', (e) => (stopped ? resolve() : reject(e)));
      req.end();
    });
    return {
      stop() {
        stopped = true;
        req?.destroy();
      },
      done,
    };
  }
}
