/**
 * The HTTP side: every request is recorded, routed, checked for faults, authenticated, authorised,
 * bound (415/400 like ASP.NET) and handed to its route; the answer may be delayed or never sent.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authenticate, readAuthHeader } from './auth.ts';
import type { Faults } from './faults.ts';
import { Recorder, recordedBody } from './recording.ts';
import type { RequestContext } from './route-types.ts';
import { ALL_ROUTES, matchRoute, routePath, type RouteMatch } from './router.ts';
import type { StandinState } from './state.ts';
import type { RecordedRequest, StandinVersion } from './types.ts';
import { ReplyError, bare, opaque, parseGuid, problem, validationFailure, type Reply } from './wire.ts';

export interface ServerSettings {
  version: StandinVersion;
  legacyAuthorization: boolean;
}

export interface ServerParts {
  state: StandinState;
  faults: Faults;
  recorder: Recorder;
  settings: ServerSettings;
  baseUrl: string;
}

/** ASP.NET's JSON input formatter takes application/json, text/json and application/*+json. */
export function isJsonContentType(value: string | undefined): boolean {
  const mediaType = (value ?? '').split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || mediaType === 'text/json' || /^application\/[^/]+\+json$/.test(mediaType);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function queryLookup(query: URLSearchParams): (key: string) => string | undefined {
  return (key) => {
    const wanted = key.toLowerCase();
    for (const [name, value] of query) if (name.toLowerCase() === wanted) return value;
    return undefined;
  };
}

/** An empty or unparsable body for a [FromBody, Required] parameter is a model-binding failure. */
function parseJsonBody(raw: string, version: StandinVersion): unknown {
  if (raw.trim() === '') throw validationFailure(version, { '': ['A non-empty request body is required.'] });
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw validationFailure(version, { $: ['The request body is not valid JSON.'] });
  }
}

/** A forced failure: 401/403 look like auth failures (no body), the rest like an exception. */
function forcedFailure(status: number): Reply {
  if (status === 401 || status === 403 || status === 204) return bare(status);
  return opaque(status);
}

export class StandinServer {
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private address = '';

  constructor(private readonly parts: ServerParts) {
    this.server = createServer((request, response) => void this.onRequest(request, response));
    this.server.on('connection', (socket: Socket) => {
      if (this.parts.faults.switches.down) socket.destroy();
    });
  }

  /** Resolves with `http://127.0.0.1:PORT` + base URL. */
  listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address();
        const actualPort = typeof address === 'object' && address ? address.port : port;
        this.address = `http://127.0.0.1:${actualPort}${this.parts.baseUrl}`;
        resolve(this.address);
      });
    });
  }

  /** Stops at once: pending delays are dropped and every connection (kept-alive or hung) destroyed. */
  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { faults, recorder, settings } = this.parts;
    if (faults.switches.down) {
      request.socket.destroy();
      return;
    }
    const now = Date.now();
    const [path, search = ''] = (request.url ?? '/').split(/\?(.*)/s);
    const query = new URLSearchParams(search);
    const record = recorder.start(request, path, query, now);
    const segments = routePath(path, this.parts.baseUrl);
    const match: RouteMatch = segments ? matchRoute(ALL_ROUTES, record.method, segments, settings.version) : { kind: 'none' };
    record.route = match.kind === 'route' ? match.name : null;
    let raw: string;
    try {
      raw = await readBody(request);
    } catch {
      return;
    }
    record.body = recordedBody(raw);
    const decision = faults.decide(record.route);
    let reply: Reply;
    if (decision?.action === 'fail') reply = forcedFailure(decision.status);
    else if (faults.failsCreation(record.route, record.body)) reply = opaque(500);
    else reply = await this.dispatch(match, request.headers, queryLookup(query), raw, now);
    if (decision?.action === 'hang') return;
    if (faults.switches.delayMs > 0) await this.pause(faults.switches.delayMs);
    this.send(response, record, reply);
  }

  private async dispatch(
    match: RouteMatch,
    headers: IncomingHttpHeaders,
    query: (key: string) => string | undefined,
    raw: string,
    now: number,
  ): Promise<Reply> {
    if (match.kind === 'none') return bare(404);
    if (match.kind === 'method-not-allowed') return bare(405);
    const { state, settings } = this.parts;
    const { route } = match;
    const version = settings.version;
    try {
      const header = readAuthHeader(headers, query, version, settings.legacyAuthorization);
      const caller = authenticate(state, header, now);
      if (route.access !== 'anonymous' && !caller) return bare(401);
      if (route.access === 'admin' && !caller?.isAdmin) return bare(403);
      if (route.body && !isJsonContentType(headers['content-type'])) return problem(version, 415);
      const id = route.guidId ? parseGuid(match.id) : match.id;
      if (id === null) throw validationFailure(version, { userId: [`The value '${match.id}' is not valid.`] });
      const body = route.body ? parseJsonBody(raw, version) : undefined;
      const context: RequestContext = { state, version, caller, header, id, query, body, now, localAddress: this.address };
      return await route.handle(context);
    } catch (error) {
      if (error instanceof ReplyError) return error.reply;
      return opaque(500);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private send(response: ServerResponse, record: RecordedRequest, reply: Reply): void {
    if (response.destroyed || response.writableEnded) return;
    const headers: Record<string, string | number> = {};
    const body = reply.status === 204 ? '' : (reply.body ?? '');
    if (reply.contentType && body !== '') headers['Content-Type'] = reply.contentType;
    headers['Content-Length'] = Buffer.byteLength(body);
    record.status = reply.status;
    response.writeHead(reply.status, headers);
    response.end(body);
  }
}
