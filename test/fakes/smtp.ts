import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { ArrivalLog } from './arrival-log.ts';

/**
 * An SMTP server in the test process (smtp-server): plain SMTP on 127.0.0.1, port 0, no STARTTLS,
 * LOGIN/PLAIN allowed without TLS (what `secure: false, starttls: false` talks to). Every accepted
 * message is parsed with mailparser's simpleParser and recorded with its envelope. Faults on demand:
 * the next RCPT TO answered with a given code, or the next connection dropped at MAIL FROM.
 */

export interface SmtpStandinOptions {
  /** Require this login; without it the server accepts mail with or without AUTH. */
  auth?: { username: string; password: string };
}

export interface ReceivedEmail {
  /** The envelope (MAIL FROM / RCPT TO), which may differ from the headers. */
  envelope: { from: string; to: string[] };
  /** The user that logged in, when one did. */
  user?: string;
  mail: ParsedMail;
}

type Fault = { kind: 'reply'; code: number; message: string } | { kind: 'drop' };

export class SmtpStandin {
  private readonly log = new ArrivalLog<ReceivedEmail>('SMTP stand-in');
  /** How many logins were attempted (successful or not). */
  logins = 0;
  private readonly faults: Fault[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: SmtpStandinOptions = {}): Promise<SmtpStandin> {
    let standin: SmtpStandin | undefined;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        standin!.logins++;
        const expected = options.auth;
        if (!expected || (auth.username === expected.username && auth.password === expected.password)) return callback(null, { user: auth.username });
        callback(withCode(new Error('Authentication credentials invalid'), 535));
      },
      onMailFrom: (_address, session, callback) => callback(standin!.faultAt('mail', session)),
      onRcptTo: (_address, session, callback) => callback(standin!.faultAt('rcpt', session)),
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            standin!.record(session, mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    standin = new SmtpStandin(server, address.port);
    return standin;
  }

  /** The next RCPT TO is answered with this code (5xx: refused for good, 4xx: try later). */
  failNextRecipient(code: number, message = code >= 500 ? 'Mailbox unavailable' : 'Try again later'): void {
    this.faults.push({ kind: 'reply', code, message });
  }

  /** The next connection is cut right after MAIL FROM, as a crashing or overloaded server would. */
  dropNextConnection(): void {
    this.faults.push({ kind: 'drop' });
  }

  /** Resolves with the `count`-th message received (1-based), waiting for it if needed. */
  waitForMessage(count = 1, timeoutMs = 5_000): Promise<ReceivedEmail> {
    return this.log.waitFor((_item, index) => index === count - 1, timeoutMs, () => `${this.received.length} received`);
  }

  /** Every message received, in order. */
  get received(): ReceivedEmail[] {
    return this.log.items;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private faultAt(stage: 'mail' | 'rcpt', session: SMTPServerSession): Error | null {
    const next = this.faults[0];
    if (!next) return null;
    if (next.kind === 'drop' && stage === 'mail') {
      this.faults.shift();
      this.socketOf(session)?.destroy();
      return null;
    }
    if (next.kind === 'reply' && stage === 'rcpt') {
      this.faults.shift();
      return withCode(new Error(next.message), next.code);
    }
    return null;
  }

  private record(session: SMTPServerSession, mail: ParsedMail): void {
    const envelope = {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((recipient) => recipient.address),
    };
    const email: ReceivedEmail = { envelope, mail, ...(typeof session.user === 'string' ? { user: session.user } : {}) };
    this.log.show(this.log.add(email));
  }

  /** smtp-server keeps its connections in a set; a session id finds the socket to cut. */
  private socketOf(session: SMTPServerSession): Socket | undefined {
    const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
    return [...connections].find((connection) => connection.id === session.id)?._socket;
  }
}

function withCode(error: Error, responseCode: number): Error {
  return Object.assign(error, { responseCode });
}
