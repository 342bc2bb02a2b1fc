import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Which privileged intents the application has switched on in the Developer Portal. */
export interface PrivilegedIntents {
  guildMembers: boolean;
  presence: boolean;
  messageContent: boolean;
}

const INTENT_BITS: Record<keyof PrivilegedIntents, number> = {
  guildMembers: 1 << 1,
  presence: 1 << 8,
  messageContent: 1 << 15,
};

const HEARTBEAT_INTERVAL_MS = 41_250;

export interface GatewayParts {
  token: string;
  privilegedIntents: () => PrivilegedIntents;
  /** The READY `d` for a new session, then the dispatches that follow it (GUILD_CREATE). */
  helloDispatches: (sessionId: string) => { ready: Record<string, unknown>; after: { t: string; d: unknown }[] };
  newSessionId: () => string;
}

/** What the bot said in IDENTIFY (token redacted to whether it matched). */
export interface IdentifyRecord {
  tokenValid: boolean;
  intents: number;
  shard: unknown;
  at: Date;
}

interface Session {
  socket: WebSocket;
  sequence: number;
  identified: boolean;
}

/** The gateway WebSocket at `/gateway`: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, dispatches, close codes. */
export class Gateway {
  readonly identifies: IdentifyRecord[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private closeNext: { code: number; reason: string } | undefined;
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly parts: GatewayParts) {
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  /** Takes the HTTP upgrade when it is for `/gateway` (query `?v=10&encoding=json` allowed); false otherwise. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname.replace(/\/+$/, '');
    if (path !== '/gateway') return false;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
    return true;
  }

  /** The next IDENTIFY is answered by closing with this code (e.g. 4004, 4013, 4014) instead of READY. */
  closeNextIdentifyWith(code: number, reason: string): void {
    this.closeNext = { code, reason };
  }

  get readySessions(): number {
    return [...this.sessions].filter((session) => session.identified).length;
  }

  /** Resolves once a session has been sent READY (at once if one already has). */
  whenReady(): Promise<void> {
    if (this.readySessions > 0) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends an op 0 dispatch with the next sequence number to every identified session; returns how many got it. */
  dispatch(type: string, data: unknown): number {
    let delivered = 0;
    for (const session of this.sessions) {
      if (!session.identified) continue;
      this.send(session, { op: 0, t: type, d: data });
      delivered += 1;
    }
    return delivered;
  }

  /** Closes every session with `code` now (as Discord does on a server-side problem). */
  closeSessions(code: number, reason: string): void {
    for (const session of this.sessions) session.socket.close(code, reason);
  }

  /** Drops every socket at once (the HTTP server is closing). */
  close(): void {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    this.wss.close();
  }

  private accept(socket: WebSocket): void {
    const session: Session = { socket, sequence: 0, identified: false };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => this.sessions.delete(session));
    socket.on('message', (raw) => this.receive(session, String(raw)));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS }, s: null, t: null }));
  }

  private receive(session: Session, raw: string): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(raw) as { op?: unknown; d?: unknown };
    } catch {
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    if (payload.op === 1) session.socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
    else if (payload.op === 2) this.identify(session, (payload.d ?? {}) as Record<string, unknown>);
    else if (payload.op === 6) session.socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
    else if (payload.op === 3 || payload.op === 4 || payload.op === 8) return;
    else session.socket.close(4001, 'Unknown opcode.');
  }

  private identify(session: Session, data: Record<string, unknown>): void {
    const intents = typeof data.intents === 'number' ? data.intents : 0;
    const tokenValid = data.token === this.parts.token;
    this.identifies.push({ tokenValid, intents, shard: data.shard, at: new Date() });
    if (session.identified) return session.socket.close(4005, 'Already authenticated.');
    const forced = this.closeNext;
    this.closeNext = undefined;
    if (forced) return session.socket.close(forced.code, forced.reason);
    if (!tokenValid) return session.socket.close(4004, 'Authentication failed.');
    if (this.disallowed(intents)) return session.socket.close(4014, 'Disallowed intent(s).');
    session.identified = true;
    const { ready, after } = this.parts.helloDispatches(this.parts.newSessionId());
    this.send(session, { op: 0, t: 'READY', d: ready });
    for (const event of after) this.send(session, { op: 0, t: event.t, d: event.d });
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private disallowed(intents: number): boolean {
    const enabled = this.parts.privilegedIntents();
    return (Object.keys(INTENT_BITS) as (keyof PrivilegedIntents)[]).some((name) => (intents & INTENT_BITS[name]) !== 0 && !enabled[name]);
  }

  private send(session: Session, payload: { op: number; t: string; d: unknown }): void {
    session.sequence += 1;
    session.socket.send(JSON.stringify({ ...payload, s: session.sequence }));
  }
}
