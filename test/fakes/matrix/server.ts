import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MatrixApiError, rateLimited } from './errors.ts';
import type { RecordedRequest } from './recording.ts';
import type { Route, StandinState } from './state.ts';

const QUIET_MS = 50;
const MAX_CLOSE_WAIT_MS = 1000;
const CLIENT_PREFIX = /^\/_matrix\/client\/(?:v3|r0)(\/.*)$/;

interface RateLimit {
  pattern: string | RegExp;
  retryAfterMs: number;
  times: number;
}

/** The HTTP side: routing under /_matrix/client/{v3,r0}, Bearer auth, recording, faults, a quiet close. */
export class HomeserverHttp {
  private inFlight = 0;
  private lastActivity = Date.now();
  private readonly rateLimits: RateLimit[] = [];

  private constructor(
    private readonly server: Server,
    private readonly state: StandinState,
    private readonly routes: Route[],
  ) {}

  static async listen(state: StandinState, routes: Route[]): Promise<HomeserverHttp> {
    const server = createServer();
    const http = new HomeserverHttp(server, state, routes);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void http.handle(request, response));
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return http;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  rateLimitNext(pattern: string | RegExp, retryAfterMs: number, times: number): void {
    this.rateLimits.push({ pattern, retryAfterMs, times });
  }

  /** Answers parked syncs, waits for 50 ms of quiet (at most 1 s), then closes every connection. */
  async close(): Promise<void> {
    this.state.syncs.release();
    const started = Date.now();
    while (Date.now() - started < MAX_CLOSE_WAIT_MS) {
      const busy = this.inFlight - this.state.syncs.parkedCount > 0;
      if (!busy && Date.now() - this.lastActivity >= QUIET_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    this.state.syncs.release();
    await new Promise((resolve) => setImmediate(resolve));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.lastActivity = Date.now();
    const { record, accessToken } = await this.begin(request);
    try {
      const result = await this.route(request, record, accessToken, hangUpSignal(response));
      this.answer(response, record, 200, result);
    } catch (error) {
      const failure = error instanceof MatrixApiError ? error : new MatrixApiError(500, 'M_UNKNOWN', String(error));
      this.answer(response, record, failure.status, failure.body);
    } finally {
      this.inFlight -= 1;
      this.lastActivity = Date.now();
    }
  }

  private async begin(request: IncomingMessage): Promise<{ record: RecordedRequest; accessToken: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const inner = CLIENT_PREFIX.exec(url.pathname)?.[1] ?? url.pathname;
    const path = inner.split('/').map(safeDecode).join('/');
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token') ?? '';
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    const record = this.state.recording.begin({
      method: request.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      userId: this.state.sessions.get(token)?.userId,
      at: new Date(),
    });
    return { record, accessToken: token };
  }

  private async route(request: IncomingMessage, record: RecordedRequest, accessToken: string, signal: AbortSignal): Promise<unknown> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (url.pathname === '/_matrix/client/versions') return { versions: ['r0.6.1', 'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6'] };
    const inner = CLIENT_PREFIX.exec(url.pathname)?.[1];
    const route = inner === undefined ? undefined : this.routes.find((r) => r.method === record.method && r.pattern.test(inner));
    if (!route || inner === undefined) throw new MatrixApiError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
    const session = this.state.sessions.get(accessToken);
    if (route.auth !== false && !session) {
      throw accessToken === '' ? new MatrixApiError(401, 'M_MISSING_TOKEN', 'Missing access token') : new MatrixApiError(401, 'M_UNKNOWN_TOKEN', 'Invalid access token passed.', { soft_logout: false });
    }
    const limit = this.takeRateLimit(record.path);
    if (limit !== undefined) throw rateLimited(limit);
    const params = (route.pattern.exec(inner) ?? []).slice(1).map((part) => (part === undefined ? part : safeDecode(part)));
    const body = typeof record.body === 'object' && record.body !== null ? (record.body as Record<string, unknown>) : {};
    const call = { session: session ?? { userId: '', deviceId: '' }, accessToken, params, query: url.searchParams, body, signal };
    return route.handle(call);
  }

  private takeRateLimit(path: string): number | undefined {
    const limit = this.rateLimits.find(({ pattern }) => (typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path)));
    if (!limit) return undefined;
    limit.times -= 1;
    if (limit.times <= 0) this.rateLimits.splice(this.rateLimits.indexOf(limit), 1);
    return limit.retryAfterMs;
  }

  private answer(response: ServerResponse, record: RecordedRequest, status: number, body: unknown): void {
    const gone = response.destroyed || response.socket === null || response.socket.destroyed;
    record.response = body;
    if (!gone) {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    }
    this.state.recording.finish(record, gone ? 0 : status);
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Fires when the client hangs up before the answer (a sync it gave up on). */
function hangUpSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
