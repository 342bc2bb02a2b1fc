import { Client, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandin, type StandinGuild } from './index.ts';

const GUILD_ID = '800000000000000001';
const MEMBER_ROLE = '800000000000000010';
const BOT_ROLE = '800000000000000011';
const ADMIN_ROLE = '800000000000000012';
const alice = { id: '700000000000000001', username: 'alice' };
const bob = { id: '700000000000000002', username: 'bob' };

function guild(): StandinGuild {
  return {
    id: GUILD_ID,
    name: 'Film Club',
    roles: [
      { id: MEMBER_ROLE, name: 'Member', position: 1 },
      { id: BOT_ROLE, name: 'Doorman', position: 2, permissions: String(1n << 28n) },
      { id: ADMIN_ROLE, name: 'Admin', position: 3 },
    ],
    members: [
      { user: alice, roles: [] },
      { user: bob, roles: [ADMIN_ROLE] },
    ],
    botRoles: [BOT_ROLE],
  };
}

let standin: DiscordStandin | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await standin?.close();
  standin = undefined;
});

async function loggedIn(intents = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages]): Promise<{ standin: DiscordStandin; client: Client }> {
  standin = await DiscordStandin.start({ guild: guild() });
  client = new Client({ intents, rest: { api: standin.restBase, retries: 0 } });
  const ready = new Promise<void>((resolve) => client?.once(Events.ClientReady, () => resolve()));
  await client.login(standin.token);
  await ready;
  return { standin, client };
}

function nextInteraction(bot: Client): Promise<Interaction> {
  return new Promise((resolve) => bot.once(Events.InteractionCreate, resolve));
}

describe('discord.js 14 logs in to the stand-in', () => {
  it('logs in: gateway/bot, IDENTIFY with the intents, READY, then the guild from GUILD_CREATE', async () => {
    const { standin, client } = await loggedIn();
    expect(client.user?.id).toBe(standin.bot.id);
    expect(client.application?.id).toBe(standin.appId);
    expect(client.guilds.cache.get(GUILD_ID)?.name).toBe('Film Club');
    expect(client.guilds.cache.get(GUILD_ID)?.roles.cache.get(BOT_ROLE)?.name).toBe('Doorman');
    expect(standin.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', authorized: true, status: 200 });
    expect(standin.identifies).toEqual([expect.objectContaining({ tokenValid: true, intents: GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages })]);
  });

});

describe('discord.js 14 interactions', () => {
  it('delivers a slash command with its subcommand and typed options; an ephemeral reply is recorded with flag 64', async () => {
    const { standin, client } = await loggedIn();
    const arrived = nextInteraction(client);
    const id = standin.userRunsSlashCommand(bob, { name: 'invite', subcommand: 'create', options: { uses: 2 } });
    const interaction = await arrived;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    expect(interaction.id).toBe(id);
    expect([interaction.commandName, interaction.options.getSubcommand(), interaction.options.getInteger('uses')]).toEqual(['invite', 'create', 2]);
    expect(interaction.member?.user.id).toBe(bob.id);
    expect(interaction.inCachedGuild() && interaction.member.roles.cache.has(ADMIN_ROLE)).toBe(true);
    await interaction.reply({ content: 'Invite ABCD', flags: MessageFlags.Ephemeral });
    const [callback] = standin.interactionResponses(id);
    expect(callback).toMatchObject({ method: 'POST', status: 204, body: { type: 4, data: { content: 'Invite ABCD', flags: 64 } } });
    expect(standin.interaction(id)).toMatchObject({ callbackType: 4, ephemeral: true, original: { content: 'Invite ABCD' } });
  });

  it('deferReply then editReply edits @original (the path arrives URL-encoded and is decoded)', async () => {
    const { standin, client } = await loggedIn();
    const arrived = nextInteraction(client);
    const id = standin.userRunsSlashCommand(alice, { name: 'link', options: { pin: '1234-5678' } }, { dm: true });
    const interaction = await arrived;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.user.id).toBe(alice.id);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const edited = await interaction.editReply('Linked.');
    expect(edited.content).toBe('Linked.');
    const [deferred, edit] = standin.interactionResponses(id);
    expect(deferred.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(edit).toMatchObject({ method: 'PATCH', path: `/webhooks/${standin.appId}/${interaction.token}/messages/@original`, status: 200 });
    await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });
    expect(standin.interactionResponses(id).map((request) => `${request.method} ${request.status}`)).toEqual(['POST 204', 'PATCH 200', 'POST 200']);
  });

});

describe('discord.js 14 components', () => {
  it('a button press on a sent message, answered with an update (type 7)', async () => {
    const { standin, client } = await loggedIn();
    const arrived = nextInteraction(client);
    const first = standin.userRunsSlashCommand(bob, { name: 'user', subcommand: 'delete', options: { who: 'alice' } });
    const command = await arrived;
    if (!command.isChatInputCommand()) throw new Error('expected a chat input command');
    await command.reply({ content: 'Sure?', components: [{ type: 1, components: [{ type: 2, style: 4, label: 'Delete', custom_id: 'confirm:1' }] }] });
    const original = standin.interaction(first)?.original;
    if (!original) throw new Error('no original reply recorded');
    const pressed = nextInteraction(client);
    standin.userPressesButton(bob, original, 'confirm:1');
    const button = await pressed;
    if (!button.isButton()) throw new Error('expected a button');
    expect(button.customId).toBe('confirm:1');
    await button.update({ content: 'Deleted.', components: [] });
    expect(standin.interaction(first)?.original?.content).toBe('Deleted.');
  });

  it('a modal submission carries its fields', async () => {
    const { standin, client } = await loggedIn();
    const arrived = nextInteraction(client);
    standin.userSubmitsModal(alice, 'signup', { email: 'a@example.org' }, { dm: true });
    const modal = await arrived;
    if (!modal.isModalSubmit()) throw new Error('expected a modal submission');
    expect([modal.customId, modal.fields.getTextInputValue('email')]).toEqual(['signup', 'a@example.org']);
  });

  it('autocomplete: the focused option arrives and the offered choices are recorded', async () => {
    const { standin, client } = await loggedIn();
    const arrived = nextInteraction(client);
    const id = standin.userTypesOption(bob, { name: 'user', subcommand: 'extend', options: { who: 'al', days: 3 }, focused: 'who' });
    const interaction = await arrived;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'who', value: 'al' });
    await interaction.respond([{ name: 'alice', value: 'alice' }]);
    expect(await standin.waitForChoices(id)).toEqual([{ name: 'alice', value: 'alice' }]);
  });

});

describe('discord.js 14 REST calls', () => {
  it('user.send opens a DM channel and posts; closed DMs answer 403 code 50007', async () => {
    const { standin, client } = await loggedIn();
    const delivered = standin.nextDm(alice.id);
    await (await client.users.fetch(alice.id)).send('Your PIN is 1234-5678');
    expect((await delivered).content).toBe('Your PIN is 1234-5678');
    expect(standin.dmsTo(alice.id).map((message) => message.content)).toEqual(['Your PIN is 1234-5678']);
    expect(standin.requests.map((request) => `${request.method} ${request.path}`)).toContain('POST /users/@me/channels');
    standin.closeDms(bob.id);
    const refusal = await (await client.users.fetch(bob.id)).send('hello').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DiscordAPIError);
    expect(refusal).toMatchObject({ status: 403, code: 50007, message: 'Cannot send messages to this user' });
    expect(standin.dmsTo(bob.id)).toEqual([]);
  });

  it('bulk overwrite of global and guild commands is validated and stored', async () => {
    const { standin, client } = await loggedIn();
    const link = { name: 'link', description: 'Link your account', options: [{ type: 3, name: 'pin', description: 'The PIN from the page', required: true }] };
    await client.application?.commands.set([link]);
    const invite = { name: 'invite', description: 'Invites', options: [{ type: 1, name: 'create', description: 'Create one', options: [{ type: 4, name: 'uses', description: 'How many uses' }] }] };
    await client.application?.commands.set([invite], GUILD_ID);
    expect(standin.commands('global')).toEqual([expect.objectContaining({ ...link, application_id: standin.appId })]);
    expect(standin.commands(GUILD_ID)).toEqual([expect.objectContaining({ name: 'invite', guild_id: GUILD_ID })]);
    const fetched = await client.application?.commands.fetch();
    expect(fetched?.map((command) => command.name)).toEqual(['link']);
    const badName = await client.application?.commands.set([{ name: 'Link', description: 'x' }]).catch((error: unknown) => error);
    expect(badName).toMatchObject({ status: 400, code: 50035 });
    const longDescription = await client.application?.commands.set([{ name: 'link', description: 'x'.repeat(101) }]).catch((error: unknown) => error);
    expect(longDescription).toMatchObject({ status: 400, code: 50035 });
    expect(standin.commands('global').map((command) => command.name)).toEqual(['link']);
  });

  it('adding a role above the bot is refused with 50013; below it works and dispatches GUILD_MEMBER_UPDATE', async () => {
    const { standin, client } = await loggedIn([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers]);
    const memberUpdated = new Promise((resolve) => client.once(Events.GuildMemberUpdate, (_old, member) => resolve(member.roles.cache.has(MEMBER_ROLE))));
    const rest = client.rest;
    const refused = await rest.put(`/guilds/${GUILD_ID}/members/${alice.id}/roles/${ADMIN_ROLE}`).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403, code: 50013, message: 'Missing Permissions' });
    const guildObject = await client.guilds.fetch(GUILD_ID);
    const member = await guildObject.members.fetch(alice.id);
    await member.roles.add(MEMBER_ROLE);
    expect(standin.memberRoles(alice.id)).toEqual([MEMBER_ROLE]);
    expect(await memberUpdated).toBe(true);
  });

});

describe('discord.js 14 and failures', () => {
  it('a privileged intent that is switched off closes the gateway with 4014', async () => {
    standin = await DiscordStandin.start({ guild: guild() });
    standin.privilegedIntents = { guildMembers: false, presence: false, messageContent: false };
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers], rest: { api: standin.restBase, retries: 0 } });
    const failure = await client.login(standin.token).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/disallowed intents/i);
  });

  it('a wrong token is refused over REST (TokenInvalid); a 4004 at IDENTIFY rejects the login', async () => {
    standin = await DiscordStandin.start({ guild: guild() });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standin.restBase, retries: 0 } });
    expect(String(await client.login('wrong-token').catch((error: unknown) => error))).toMatch(/invalid token/i);
    await client.destroy();
    standin.closeNextIdentifyWith(4004, 'Authentication failed.');
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standin.restBase, retries: 0 } });
    expect(String(await client.login(standin.token).catch((error: unknown) => error))).toMatch(/authentication failed/i);
  });

  it('a 429 with retry_after is waited out by discord.js, then the request succeeds', async () => {
    const { standin, client } = await loggedIn();
    standin.rateLimitNext('POST /channels/:channel/messages', 0.2);
    await (await client.users.fetch(alice.id)).send('after the limit');
    const posts = standin.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/channels/'));
    expect(posts.map((request) => request.status)).toEqual([429, 200]);
    expect(posts[0].response).toMatchObject({ retry_after: 0.2, code: 0 });
    expect(standin.dmsTo(alice.id).map((message) => message.content)).toEqual(['after the limit']);
  });
});
