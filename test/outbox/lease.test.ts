import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_LEASE } from '../../src/outbox/lease.ts';
import type { StandinUser } from '../fakes/telegram/index.ts';
import { leading, notice, startOutboxWorld, startTelegramChannel, VirtualTime, type OutboxWorld, type TelegramChannel } from './support.ts';

/** One worker per database (the lease), and a restart that loses nothing. */

const USERS: StandinUser[] = [1, 2, 3, 4, 5, 6].map((n) => ({ id: 3000 + n, first_name: `User${n}` }));
/** Real time for a worker to try the lease several times (renewMs is 20 ms in these tests); nothing is asserted about its length. */
const SEVERAL_LEASE_ATTEMPTS_MS = 150;

let channel: TelegramChannel;
const worlds: OutboxWorld[] = [];
let folder: string | undefined;

afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
  await channel?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

async function setUp(): Promise<void> {
  channel = await startTelegramChannel();
  for (const user of USERS) channel.standin.userOpenedChat(user);
}

async function open(options: { file?: string; time?: VirtualTime } = {}): Promise<OutboxWorld> {
  const world = await startOutboxWorld(channel, options);
  worlds.push(world);
  return world;
}

function received(): number[] {
  return channel.standin.sent().map((message) => message.chatId).sort();
}

describe('a restart', () => {
  it('resumes on the same database: pending rows go out, and one left `sending` by a killed process goes out again', async () => {
    await setUp();
    folder = mkdtempSync(join(tmpdir(), 'doorman-outbox-'));
    const file = join(folder, 'doorman.sqlite');
    const time = new VirtualTime();
    const before = await open({ file, time });
    const first = await leading(before.worker());
    await before.outbox.enqueueMany(before.db, USERS.slice(0, 2).map((user) => notice(user, 'announcement:1')));
    await first.idle();
    await first.stop();
    // While nothing runs: three more are queued, and one was in flight when its process was killed.
    await before.outbox.enqueueMany(before.db, USERS.slice(2).map((user) => notice(user, 'announcement:1')));
    const inFlight = await before.db.selectFrom('outbox').select('id').where('target', '=', String(USERS[5].id)).executeTakeFirstOrThrow();
    await before.db.updateTable('outbox').set({ status: 'sending' }).where('id', '=', inFlight.id).execute();
    await before.close();
    worlds.splice(worlds.indexOf(before), 1);

    const after = await open({ file, time });
    const second = await leading(after.worker());
    await channel.standin.waitFor(() => channel.standin.sent().length === USERS.length);
    await second.idle();
    expect(received()).toEqual(USERS.map((user) => user.id));
    const statuses = await after.db.selectFrom('outbox').select('status').execute();
    expect(statuses.map((row) => row.status)).toEqual(USERS.map(() => 'sent'));
  });
});

describe('the worker lease', () => {
  it('a lease left by a killed process blocks its successor only until it expires', async () => {
    await setUp();
    const world = await open();
    const expires = new Date(world.time.nowMs() + 10_000).toISOString();
    await world.db.insertInto('outbox_lease').values({ name: OUTBOX_LEASE, owner: 'killed-host:4242:dead', expires_at: expires }).execute();
    await world.outbox.enqueue(world.db, notice(USERS[0], 'welcome:1'));
    const successor = world.worker();
    successor.start();
    await delay(SEVERAL_LEASE_ATTEMPTS_MS);
    expect(successor.leading).toBe(false);
    expect(channel.standin.sent()).toEqual([]);
    world.time.advance(10_001);
    await successor.whenLeading();
    await channel.standin.waitForSent((message) => message.chatId === USERS[0].id);
    const lease = await world.db.selectFrom('outbox_lease').selectAll().executeTakeFirstOrThrow();
    expect(lease.owner).toBe(successor.owner);
  });

  it('a live lease keeps a second worker out; a clean stop hands over at once', async () => {
    await setUp();
    const world = await open();
    const holder = await leading(world.worker());
    const second = world.worker();
    second.start();
    await world.outbox.enqueueMany(world.db, USERS.slice(0, 3).map((user) => notice(user, 'announcement:1')));
    await holder.idle();
    await delay(SEVERAL_LEASE_ATTEMPTS_MS);
    expect(second.leading).toBe(false);
    await holder.stop();
    await second.whenLeading();
    await world.outbox.enqueue(world.db, notice(USERS[3], 'welcome:4'));
    await channel.standin.waitForSent((message) => message.chatId === USERS[3].id);
    await second.idle();
    expect(received()).toEqual(USERS.slice(0, 4).map((user) => user.id));
  });
});
