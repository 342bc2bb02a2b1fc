import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CHANNEL, BOSS, startDiscordWorld, type DiscordWorld } from './support.ts';

/** Admin notices reach a Discord channel named in notify.admin_channels, through the outbox and the real discord.js. */

let world: DiscordWorld;

beforeAll(async () => {
  world = await startDiscordWorld({ config: { notify: { admin_channels: [{ platform: 'discord', target: ADMIN_CHANNEL }, { platform: 'discord', target: '800000000000000099' }] } } });
});
afterAll(async () => world?.close());

describe('admin notices on Discord', () => {
  it('a sign-up is announced in the admin channel; a channel that does not exist is set aside as failed', async () => {
    const invite = await world.app.services.invites.create({ uses: 1 });
    await world.app.services.signup.signup(invite.code, { username: 'newcomer', password: 'Secret123!' });

    const posted = await world.discord.waitFor((request) => request.method === 'POST' && request.path === `/channels/${ADMIN_CHANNEL}/messages` && String((request.body as { content?: string }).content).includes('newcomer'));
    expect(posted.status).toBe(200);
    expect((posted.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    // Not a DM to the admin: admin_channels replaces the default.
    expect(world.discord.dmsTo(BOSS.id)).toEqual([]);

    await expect.poll(async () => (await world.app.services.outbox.status()).failed, { timeout: 10_000 }).toBeGreaterThan(0);
    const status = await world.app.services.outbox.status();
    expect(status.latestFailures.map((failure) => failure.target)).toContain('room:800000000000000099');
  });
});

describe('the language of a Discord user', () => {
  it('is taken from the Discord client (interaction locale), like Telegram\'s language_code', async () => {
    const dora = { id: '700000000000000044', username: 'dora', locale: 'de' };
    const id = world.discord.userRunsSlashCommand(dora, { name: 'help' }, { dm: true });
    await world.discord.waitForReply(id);
    const row = await world.app.db.selectFrom('chat_identities').select('client_lang').where('platform', '=', 'discord').where('user_id', '=', dora.id).executeTakeFirstOrThrow();
    expect(row.client_lang).toBe('de');
  });
});
