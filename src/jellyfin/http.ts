/**
 * The wire to Jellyfin: the MediaBrowser authorization header, the service login (lazy, shared,
 * redone once on a 401), a per-request timeout, and retries with backoff for idempotent calls.
 * Jellyfin is remote, slow and sometimes down (contract §11, §13); this module is where that is handled.
 */
import type { Logger } from '../log.ts';
import { JellyfinError } from './errors.ts';
import { Wire, type WireRequest } from './wire.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface TransportOptions {
  /** Base address, with the server's base URL path if it has one (`http://host:8096/jellyfin`). */
  url: string;
  username: string;
  password: string;
  /** Stable across restarts (kept in the database), so Jellyfin's device list does not grow. */
  deviceId: string;
  /** Per request; default 10 000. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls on network errors, timeouts and 5xx; default 3. */
  retries?: number;
  /** First backoff step; doubles per attempt, with jitter. Default 200. */
  retryBaseMs?: number;
  /** Default `Doorman`. */
  clientName?: string;
  /** Default `doorman`. */
  deviceName?: string;
  /** Default `0.1.0`. */
  appVersion?: string;
  log?: Logger;
}

export interface RequestSpec {
  method: HttpMethod;
  /** Starts with `/`, relative to the configured address. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sends the service token (logging in first when needed). Default true. */
  auth?: boolean;
  /**
   * May be sent again when no usable answer came: network error, timeout, 5xx. Default: GET and
   * DELETE. Whole-object POSTs (Policy, Configuration, DisplayPreferences) say so explicitly.
   */
  idempotent?: boolean;
  /** Statuses handed back to the caller instead of thrown (e.g. 404 for "not found is fine"). */
  pass?: readonly number[];
}

export interface Answer {
  status: number;
  /** Parsed JSON when the body is JSON, else the text; undefined when empty. */
  body: unknown;
}

/** What a login gives back that the client cares about. */
export interface LoginResult {
  token: string;
  user: Record<string, unknown>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_BASE_MS = 200;
const LOGIN_PATH = '/Users/AuthenticateByName';

/** A network error or timeout: the request got no answer. */
class NoAnswer extends Error {
  constructor(
    readonly timedOut: boolean,
    cause: unknown,
  ) {
    super(timedOut ? 'timed out' : 'network error', { cause });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json') || /^\s*[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A login that timed out changed nothing anyone cares about (at worst a token is left unused), so it
 * is an outage, not a "may have happened" timeout.
 */
function loginTimeoutIsUnavailable(error: unknown): never {
  if (error instanceof JellyfinError && error.kind === 'timeout') {
    throw new JellyfinError('unavailable', error.message, error.info, { cause: error.cause });
  }
  throw error;
}

function describeBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export class JellyfinTransport {
  private token: string | null = null;
  private loginInFlight: Promise<string> | null = null;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly wire = new Wire();

  constructor(
    private readonly options: TransportOptions,
    /** Checks the account that logged in (the client insists on an administrator). */
    private readonly vetLogin: (result: LoginResult) => void = () => {},
  ) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = Math.max(0, options.retries ?? DEFAULT_RETRIES);
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  }

  /** The `Authorization` header value; values are percent-encoded because Jellyfin URL-decodes them. */
  authorizationHeader(token: string | null): string {
    const fields: [string, string][] = [
      ['Client', this.options.clientName ?? 'Doorman'],
      ['Device', this.options.deviceName ?? 'doorman'],
      ['DeviceId', this.options.deviceId],
      ['Version', this.options.appVersion ?? '0.1.0'],
      ['Token', token ?? ''],
    ];
    return `MediaBrowser ${fields.map(([key, value]) => `${key}="${encodeURIComponent(value)}"`).join(', ')}`;
  }

  /** Sends a request; a 401 with the service token leads to one new login and one repeat. */
  async request(spec: RequestSpec): Promise<Answer> {
    if (spec.auth === false) return this.check(spec, await this.withRetries(spec, null));
    let token = await this.currentToken();
    let answer = await this.withRetries(spec, token);
    if (answer.status === 401) {
      token = await this.replaceToken(token);
      answer = await this.withRetries(spec, token);
    }
    return this.check(spec, answer);
  }

  /** Logs in now (sharing a login already under way) and keeps the token. */
  login(): Promise<string> {
    if (!this.loginInFlight) {
      this.loginInFlight = this.performLogin().finally(() => {
        this.loginInFlight = null;
      });
    }
    return this.loginInFlight;
  }

  private async currentToken(): Promise<string> {
    return this.token ?? (await this.login());
  }

  /** After a 401: log in again, unless another caller already replaced the rejected token. */
  private async replaceToken(rejected: string): Promise<string> {
    if (this.token !== null && this.token !== rejected) return this.token;
    if (this.token === rejected) this.token = null;
    return this.login();
  }

  private async performLogin(): Promise<string> {
    const spec: RequestSpec = {
      method: 'POST',
      path: LOGIN_PATH,
      body: { Username: this.options.username, Pw: this.options.password },
      auth: false,
      idempotent: false,
      pass: [400, 401, 403],
    };
    const answer = this.check(spec, await this.withRetries(spec, null).catch(loginTimeoutIsUnavailable));
    if (answer.status !== 200) throw this.loginRefused(answer.status);
    const body = answer.body as { AccessToken?: unknown; User?: unknown } | undefined;
    if (typeof body?.AccessToken !== 'string' || body.AccessToken === '' || typeof body.User !== 'object' || !body.User) {
      throw new JellyfinError('unavailable', `Jellyfin's answer to POST ${LOGIN_PATH} had no access token; is jellyfin.url a Jellyfin server?`, {
        method: 'POST',
        path: LOGIN_PATH,
        status: answer.status,
      });
    }
    this.vetLogin({ token: body.AccessToken, user: body.User as Record<string, unknown> });
    this.token = body.AccessToken;
    return body.AccessToken;
  }

  private loginRefused(status: number): JellyfinError {
    const info = { method: 'POST', path: LOGIN_PATH, status };
    if (status === 403) {
      return new JellyfinError(
        'forbidden',
        `Jellyfin refused the login of "${this.options.username}" (403): the account is disabled or may not log in from here. Check jellyfin.username in the configuration and the account in Jellyfin's dashboard.`,
        info,
      );
    }
    return new JellyfinError(
      'unauthorized',
      `Jellyfin refused the login of "${this.options.username}" (${status}): check jellyfin.username and jellyfin.password in the configuration.`,
      info,
    );
  }

  /** Turns an answer the caller did not ask to see into a JellyfinError. */
  private check(spec: RequestSpec, answer: Answer): Answer {
    const { status } = answer;
    if ((status >= 200 && status < 300) || spec.pass?.includes(status)) return answer;
    const where = `${spec.method} ${spec.path}`;
    const info = { method: spec.method, path: spec.path, status, body: describeBody(answer.body) };
    const detail = typeof answer.body === 'string' && answer.body.length < 200 ? `: ${answer.body}` : '';
    if (status >= 500) {
      throw new JellyfinError('unavailable', `Jellyfin answered an error (${status}) to ${where}${detail}`, info);
    }
    if (status === 401) {
      throw new JellyfinError('unauthorized', `Jellyfin did not accept Doorman's login for ${where} (401), even after logging in again. Check jellyfin.username and jellyfin.password.`, info);
    }
    if (status === 403) throw new JellyfinError('forbidden', `Jellyfin refused ${where} (403)${detail}`, info);
    if (status === 404) throw new JellyfinError('not_found', `Jellyfin found nothing at ${where} (404)`, info);
    throw new JellyfinError('rejected', `Jellyfin rejected ${where} (${status})${detail}`, info);
  }

  /** One attempt, then more for idempotent requests, with exponential backoff and jitter. */
  private async withRetries(spec: RequestSpec, token: string | null): Promise<Answer> {
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    const attempts = idempotent ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      try {
        const answer = await this.once(spec, token, attempt);
        if (answer.status < 500 || last || spec.pass?.includes(answer.status)) return answer;
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        if (last) throw this.noAnswerError(spec, error, attempt);
      }
      await sleep(this.backoff(attempt));
    }
  }

  private backoff(attempt: number): number {
    const ceiling = this.retryBaseMs * 2 ** (attempt - 1);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private noAnswerError(spec: RequestSpec, error: NoAnswer, attempts: number): JellyfinError {
    const where = `${spec.method} ${spec.path}`;
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    const info = { method: spec.method, path: spec.path };
    if (error.timedOut) {
      return new JellyfinError('timeout', `Jellyfin did not answer ${where} within ${this.timeoutMs} ms${tries}`, info, { cause: error.cause });
    }
    const reason = error.cause instanceof Error ? (error.cause.cause instanceof Error ? error.cause.cause.message : error.cause.message) : String(error.cause);
    return new JellyfinError('unavailable', `Jellyfin could not be reached for ${where}${tries}: ${reason}`, info, { cause: error.cause });
  }

  private async once(spec: RequestSpec, token: string | null, attempt: number): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const started = performance.now();
    try {
      const response = await this.wire.send(this.urlFor(spec), this.init(spec, token, controller.signal));
      this.logRequest(spec, response.status, started, attempt);
      return { status: response.status, body: parseBody(response.text, response.contentType) };
    } catch (error) {
      this.logRequest(spec, timedOut ? 'timeout' : 'network error', started, attempt);
      throw new NoAnswer(timedOut, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private urlFor(spec: RequestSpec): string {
    const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : '';
    return `${this.baseUrl}${spec.path}${query}`;
  }

  /** Lets go of idle connections; the transport still works afterwards (it reconnects). */
  close(): void {
    this.wire.close();
  }

  private init(spec: RequestSpec, token: string | null, signal: AbortSignal): WireRequest {
    const headers: Record<string, string> = {
      Authorization: this.authorizationHeader(token),
      Accept: 'application/json',
    };
    if (spec.body === undefined) return { method: spec.method, headers, signal };
    headers['Content-Type'] = 'application/json';
    return { method: spec.method, headers, body: JSON.stringify(spec.body), signal };
  }

  /** Method, path, status and time only: never the header, the token or a body. */
  private logRequest(spec: RequestSpec, status: number | string, started: number, attempt: number): void {
    const ms = Math.round(performance.now() - started);
    this.options.log?.debug({ method: spec.method, path: spec.path, status, ms, attempt }, 'jellyfin request');
  }
}
