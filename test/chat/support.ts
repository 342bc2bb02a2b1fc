import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry as commandRegistry } from '../../commands/index.ts';
import type { Reply } from '../../commands/reply.ts';
import type { Caller, CommandDef } from '../../commands/types.ts';
import { ChatDeliveries, ChatDeliveryError, type ChatDelivery } from '../../src/chat/delivery.ts';
import type { ChatIdentity, ChatRuntime, Platform } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import { createChatRuntime } from '../../src/core/chat-runtime.ts';
import type { PasswordCheck } from '../../src/core/contacts.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import { migrateToLatest, openDatabase, openMigratedMemoryDatabase, type Db } from '../../src/db/database.ts';
import { silentLogger } from '../../src/log.ts';
import { FakeJellyfin, TestClock, testConfig } from '../core/support.ts';

export const BOT = 'DoormanBot';
export const ADMIN_ID = '1000';

/** A typed ChatDelivery that records what it was asked to send, or refuses as told. */
export class FakeDelivery implements ChatDelivery {
  readonly sent: { userId: string; reply: Reply }[] = [];
  /** The next sends fail like this (a blocked bot, an outage). */
  failWith: ChatDeliveryError | Error | null = null;

  constructor(
    readonly platform: Platform = 'telegram',
    readonly botHandle: string | undefined = BOT,
  ) {}

  async sendDirect(userId: string, reply: Reply): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ userId, reply });
  }

  blocked(): ChatDeliveryError {
    return new ChatDeliveryError(this.platform, 'closed', 'Forbidden: bot was blocked by the user');
  }

  lastTo(userId: string): Reply | undefined {
    return this.sent.filter((s) => s.userId === userId).at(-1)?.reply;
  }
}

export interface ChatWorld {
  db: Db;
  fake: FakeJellyfin;
  clock: TestClock;
  config: Config;
  services: Services;
  deliveries: ChatDeliveries;
  delivery: FakeDelivery;
  chat: ChatRuntime;
  /** The PasswordCheck the account-link page uses: name → password of the fake's users. */
  passwords: Map<string, string>;
  /** identify + run, as an adapter does for one incoming message. */
  say(who: Partial<ChatIdentity> & { userId: string }, text: string): Promise<Reply>;
  caller(who: Partial<ChatIdentity> & { userId: string }): Promise<Caller>;
  /** A restart: the database file is closed and opened again, with new services and runtime (file worlds only). */
  restart(): Promise<ChatWorld>;
  close(): Promise<void>;
}

export interface ChatWorldOptions {
  contacts?: Record<string, unknown>;
  registry?: readonly CommandDef[];
  /** A database file instead of memory, for restart tests. */
  file?: boolean;
}

export function chatConfig(contacts: Record<string, unknown> = { telegram: { mode: 'optional' } }): Config {
  return testConfig('http://jellyfin.invalid', { telegram: { token: '123456:TEST-token' }, admins: { telegram: [Number(ADMIN_ID)] }, contacts });
}

export async function startChatWorld(options: ChatWorldOptions = {}): Promise<ChatWorld> {
  const dir = options.file ? mkdtempSync(join(tmpdir(), 'doorman-chat-')) : null;
  const open = async (): Promise<Db> => {
    if (!dir) return openMigratedMemoryDatabase();
    const db = openDatabase(`sqlite:${join(dir, 'doorman.db')}`, dir);
    await migrateToLatest(db);
    return db;
  };
  const fake = new FakeJellyfin();
  const clock = new TestClock();
  const config = chatConfig(options.contacts);
  const passwords = new Map<string, string>();
  const build = (database: Db): ChatWorld => {
    const cleanup = async () => {
      await database.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
    const deliveries = new ChatDeliveries();
    const delivery = new FakeDelivery();
    deliveries.register(delivery);
    const passwordCheck: PasswordCheck = async (username, password) => {
      const user = [...fake.users.values()].find((u) => u.Name.toLowerCase() === username.toLowerCase());
      return user && passwords.get(user.Name) === password ? { id: user.Id, name: user.Name } : null;
    };
    const log = silentLogger();
    const services = createServices({ db: database, jellyfin: fake.asClient(), config, log, clock, deliveries, passwordCheck });
    const registry = options.registry ?? commandRegistry;
    const chat = createChatRuntime({ services, registry, jellyfin: fake.asClient(), config, deliveries, clock, log });
    const caller = (who: Partial<ChatIdentity> & { userId: string }) =>
      chat.identify({ platform: 'telegram', inDm: true, ...who } as ChatIdentity);
    return {
      db: database, fake, clock, config, services, deliveries, delivery, chat, passwords, caller,
      async say(who, text) {
        return chat.run(await caller(who), text);
      },
      async restart() {
        await database.destroy();
        return build(await open());
      },
      close: cleanup,
    };
  };
  return build(await open());
}

/** The reply's text plus its fields, as one string to search. */
export function shown(reply: Reply): string {
  return [reply.text, ...(reply.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(reply.table?.rows ?? []).map((r) => r.join(' | '))].join('\n');
}

export function errorCode(reply: Reply): string | undefined {
  return (reply.data as { error?: { code?: string } } | undefined)?.error?.code;
}
