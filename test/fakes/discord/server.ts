import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rateLimited, RestError, unauthorized } from './errors.ts';
import type { Gateway } from './gateway.ts';
import { compilePattern, type Route, type RouteAnswer } from './route.ts';
import type { StandinState } from './state.ts';

const API_PREFIX = '/api/v10';
const MAX_CLOSE_WAIT_MS = 1000;

interface PendingRateLimit {
  method: string | undefined;
  pattern: RegExp;
  seconds: number;
  times: number;
}

interface CompiledRoute extends Route {
  regex: RegExp;
}

/** The HTTP side: `/api/v10/...` REST with recording, 429s on demand, and the gateway upgrade on the same port. */
export class RestServer {
  private inFlight = 0;
  private readonly routes: CompiledRoute[];
  private readonly rateLimits: PendingRateLimit[] = [];

  private constructor(
    private readonly server: Server,
    private readonly state: StandinState,
    routes: Route[],
  ) {
    this.routes = routes.map((route) => ({ ...route, regex: compilePattern(route.pattern) }));
  }

  static async listen(state: StandinState, routes: Route[], gateway: Gateway): Promise<RestServer> {
    const server = createServer();
    const rest = new RestServer(server, state, routes);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void rest.handle(request, response));
    server.on('upgrade', (request, socket, head: Buffer) => {
      if (!gateway.handleUpgrade(request, socket, head)) socket.destroy();
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return rest;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `routePattern` is `'POST /channels/:id/messages'` or just a path pattern (any method). */
  rateLimitNext(routePattern: string, seconds: number, times: number): void {
    const [first, ...rest] = routePattern.trim().split(/\s+/);
    const method = rest.length > 0 ? first.toUpperCase() : undefined;
    const path = rest.length > 0 ? rest.join('') : first;
    this.rateLimits.push({ method, pattern: compilePattern(path), seconds, times });
  }

  /** Waits (at most 1 s) for in-flight requests to be answered, then closes every connection. */
  async close(): Promise<void> {
    const started = Date.now();
    while (this.inFlight > 0 && Date.now() - started < MAX_CLOSE_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight += 1;
    try {
      await this.route(request, response);
    } catch (error) {
      if (!response.headersSent) send(response, 500, { message: String(error), code: 0 });
    } finally {
      this.inFlight -= 1;
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const fullPath = decodeURIComponent(url.pathname);
    const raw = await readBody(request);
    const path = fullPath.startsWith(`${API_PREFIX}/`) ? fullPath.slice(API_PREFIX.length) : fullPath;
    const method = (request.method ?? 'GET').toUpperCase();
    const authorized = request.headers.authorization === `Bot ${this.state.token}`;
    const record = this.state.recording.begin({ method, path, query: Object.fromEntries(url.searchParams), body: undefined, authorized, at: new Date() });
    let answer: RouteAnswer & { headers?: Record<string, string> };
    try {
      record.body = parseJson(raw, request.headers['content-type']);
      answer = this.dispatch(method, path, fullPath.startsWith(`${API_PREFIX}/`), authorized, record.query, record.body);
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      answer = { status: error.status, body: error.body, headers: error.headers };
    }
    send(response, answer.status, answer.body, answer.headers);
    this.state.recording.finish(record, answer.status, answer.body);
  }

  private dispatch(method: string, path: string, versioned: boolean, authorized: boolean, query: Record<string, string>, body: unknown): RouteAnswer {
    const found = versioned ? this.find(method, path) : undefined;
    if (!found) throw new RestError(404, 0, '404: Not Found');
    const { route, params } = found;
    const needsBotToken = !route.pattern.startsWith('/interactions/') && !route.pattern.startsWith('/webhooks/');
    if (needsBotToken && !authorized) throw unauthorized();
    const limit = this.takeRateLimit(method, path);
    if (limit !== undefined) throw rateLimited(limit, `standin-${route.method}-${route.pattern}`);
    return route.handle({ state: this.state, params, query, body });
  }

  private find(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.regex.exec(path);
      if (match) return { route, params: { ...match.groups } };
    }
    return undefined;
  }

  private takeRateLimit(method: string, path: string): number | undefined {
    const pending = this.rateLimits.find((limit) => (limit.method === undefined || limit.method === method) && limit.pattern.test(path));
    if (!pending) return undefined;
    pending.times -= 1;
    if (pending.times <= 0) this.rateLimits.splice(this.rateLimits.indexOf(pending), 1);
    return pending.seconds;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.includes('multipart/form-data')) {
    // Attachments: keep only payload_json, which carries the message itself.
    const json = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw)?.[1];
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new RestError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  if (status === 204) {
    response.writeHead(204, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body ?? null);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
