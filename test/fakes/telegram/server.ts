import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readBody } from './body.ts';
import type { MethodHandler } from './call.ts';
import { ApiError } from './errors.ts';
import type { Faults } from './faults.ts';
import type { RateLimits } from './rate-limit.ts';
import type { RecordedRequest, Recording } from './recording.ts';

export interface ServerParts {
  token: string;
  /** Methods by canonical name; the Bot API matches method names case-insensitively. */
  methods: Record<string, MethodHandler>;
  faults: Faults;
  /** Flood control, inert until the test configures it. */
  rateLimits?: RateLimits;
  recording: Recording;
  /** True while a long poll is parked: it does not count against "quiet" when closing. */
  isPollParked: () => boolean;
}

const QUIET_MS = 50;
const MAX_CLOSE_WAIT_MS = 1000;

/** The HTTP side: `POST /bot<token>/<method>` routing, answers in the Bot API envelope, a quiet close. */
export class ApiServer {
  private inFlight = 0;
  private lastActivity = Date.now();
  private readonly methods: Map<string, MethodHandler>;

  private constructor(
    private readonly server: Server,
    private readonly parts: ServerParts,
  ) {
    this.methods = new Map(Object.entries(parts.methods).map(([name, handler]) => [name.toLowerCase(), handler]));
  }

  static async listen(parts: ServerParts): Promise<ApiServer> {
    const server = createServer();
    const api = new ApiServer(server, parts);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void api.handle(request, response));
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return api;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Answers the parked poll, waits until nothing has arrived or been answered for 50 ms (at most 1 s),
   * then closes every connection: no request is cut off mid-flight, so clients log no ECONNRESET.
   */
  async close(releaseParkedPoll: () => void): Promise<void> {
    releaseParkedPoll();
    const started = Date.now();
    while (Date.now() - started < MAX_CLOSE_WAIT_MS) {
      const busy = this.inFlight - (this.parts.isPollParked() ? 1 : 0) > 0;
      if (!busy && Date.now() - this.lastActivity >= QUIET_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    releaseParkedPoll();
    await new Promise((resolve) => setImmediate(resolve));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.lastActivity = Date.now();
    try {
      await this.route(request, response);
    } catch (error) {
      if (!response.headersSent && !response.destroyed) send(response, 500, { ok: false, error_code: 500, description: String(error) });
    } finally {
      this.inFlight -= 1;
      this.lastActivity = Date.now();
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const match = /^\/bot([^/]+)\/([^/]+)$/.exec(decodeURIComponent(url.pathname));
    const raw = await readBody(request);
    if (!match) {
      send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const [, token, method] = match;
    const record = this.parts.recording.begin({ method, at: new Date(), params: {}, files: [], encoding: 'none' });
    try {
      Object.assign(record, parseBody(raw, request.headers['content-type'], url.searchParams));
      if (token !== this.parts.token) throw new ApiError(401, 'Unauthorized');
      const handler = this.methods.get(method.toLowerCase());
      if (!handler) throw new ApiError(404, 'Not Found: method not found');
      const fault = this.parts.faults.take(method);
      if (fault) throw fault;
      const limited = this.parts.rateLimits?.refuse(method, record.params);
      if (limited) throw limited;
      const outcome = handler({ params: record.params, files: record.files, signal: abortOnHangUp(response) });
      // A parked long poll is already news for waitFor: "the bot is polling with offset N".
      if (outcome instanceof Promise && this.parts.isPollParked()) this.parts.recording.announce(record);
      const result = await outcome;
      const delay = this.parts.faults.answerDelay(method);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      record.result = result;
      this.answer(response, record, 200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const failure = {
        error_code: error.code,
        description: error.description,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      };
      record.error = failure;
      this.answer(response, record, error.code, { ok: false, ...failure });
    }
  }

  private answer(response: ServerResponse, record: RecordedRequest, status: number, body: unknown): void {
    const gone = response.destroyed || response.socket === null || response.socket.destroyed;
    if (!gone) send(response, status, body);
    this.parts.recording.finish(record, gone ? 0 : status);
  }
}

/** A signal that fires when the client hangs up before the answer (grammY aborting its long poll). */
function abortOnHangUp(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
