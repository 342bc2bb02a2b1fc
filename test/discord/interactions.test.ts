import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentMessage } from '../fakes/discord/index.ts';
import { ALICE, BOSS, startDiscordWorld, type DiscordWorld } from './support.ts';

/** Buttons, autocomplete, a form, deferral and ephemeral answers through the real discord.js. */

let world: DiscordWorld;

beforeAll(async () => {
  world = await startDiscordWorld();
  world.jellyfin.addUser('albert');
  world.jellyfin.addUser('alice-jf');
  world.jellyfin.addUser('template');
});

afterAll(async () => {
  await world?.close();
});

const EPHEMERAL = 64;

function buttonIds(message: SentMessage): string[] {
  const rows = (message.body.components ?? []) as { components: { custom_id: string; label: string }[] }[];
  return rows.flatMap((row) => row.components.map((button) => `${button.label}=${button.custom_id}`));
}

async function askToRevoke(): Promise<{ code: string; question: SentMessage; confirm: string; cancel: string }> {
  const invite = await world.app.services.invites.create({ uses: 1, created_by: 'test' });
  const id = world.discord.userRunsSlashCommand(BOSS, { name: 'invite', subcommand: 'revoke', options: { code: invite.code } });
  const question = await world.discord.waitForReply(id);
  const buttons = buttonIds(question);
  expect(buttons.map((button) => button.split('=')[0])).toEqual(['Confirm', 'Cancel']);
  return { code: invite.code, question, confirm: buttons[0]!.split('=')[1]!, cancel: buttons[1]!.split('=')[1]! };
}

async function statusOf(code: string): Promise<string> {
  return (await world.app.services.invites.show(code)).status;
}

describe('confirmations as buttons', () => {
  it('asks with Confirm / Cancel instead of the CLI’s --yes sentence, and changes nothing yet', async () => {
    const { code, question } = await askToRevoke();
    expect(question.content).toContain(`This revokes invite ${code}`);
    expect(question.content).toContain('Press Confirm to go ahead.');
    expect(question.content).not.toContain('--yes');
    expect(Number(question.body.flags) & EPHEMERAL).toBe(EPHEMERAL);
    expect(await statusOf(code)).toBe('active');
  });

  it('Confirm re-runs the command confirmed and the outcome replaces the question, buttons removed', async () => {
    const { code, question, confirm } = await askToRevoke();
    const press = world.discord.userPressesButton(BOSS, question, confirm);
    const outcome = await world.discord.waitForReply(press);
    expect(outcome.content).toContain(`Invite ${code} revoked`);
    expect(outcome.body.components).toEqual([]);
    expect(await statusOf(code)).toBe('revoked');

    const again = world.discord.userPressesButton(BOSS, outcome, confirm);
    expect((await world.discord.waitForReply(again)).content).toMatch(/expired .* Run the command again/);
  });

  it('Cancel leaves everything as it was', async () => {
    const { code, question, cancel } = await askToRevoke();
    const press = world.discord.userPressesButton(BOSS, question, cancel);
    const outcome = await world.discord.waitForReply(press);
    expect(outcome.content).toBe('Cancelled: nothing was changed.');
    expect(outcome.body.components).toEqual([]);
    expect(await statusOf(code)).toBe('active');
  });

  it('someone else pressing Confirm gets an ephemeral refusal; the question stays for its owner', async () => {
    const { code, question, confirm } = await askToRevoke();
    const intruder = world.discord.userPressesButton(ALICE, question, confirm);
    const refusal = await world.discord.waitForReply(intruder);
    expect(refusal.content).toBe('Only the person who ran this command can confirm or cancel it.');
    expect(world.discord.interaction(intruder)?.ephemeral).toBe(true);
    expect(await statusOf(code)).toBe('active');
    const owner = world.discord.userPressesButton(BOSS, question, confirm);
    expect((await world.discord.waitForReply(owner)).content).toContain('revoked');
  });

  it('a button Doorman no longer knows (expired, or after a restart) says so clearly', async () => {
    const { question } = await askToRevoke();
    const press = world.discord.userPressesButton(BOSS, question, 'c:forgotten-id');
    const outcome = await world.discord.waitForReply(press);
    expect(outcome.content).toBe('This confirmation has expired (they work for 10 minutes) or was already answered. Run the command again.');
    expect(outcome.body.components).toEqual([]);
  });
});

describe('a selector as one `who` option', () => {
  it('/announce now who:"name=al*" reaches the shared selector, asks to confirm, and Confirm sends', async () => {
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'announce', subcommand: 'now', options: { who: 'name=al*', message: 'Movie night at 8' } });
    const question = await world.discord.waitForReply(id);
    expect(question.content).toContain('"name=al*" matches 2 users');
    const confirm = buttonIds(question)[0]!.split('=')[1]!;
    const outcome = await world.discord.waitForReply(world.discord.userPressesButton(BOSS, question, confirm));
    expect(outcome.content).toContain('Announcement queued');
  });
});

describe('autocomplete (interaction type 4, answered with callback 8)', () => {
  it('suggests Jellyfin user names matching what an admin typed, those starting with it first', async () => {
    const id = world.discord.userTypesOption(BOSS, { name: 'user', subcommand: 'info', options: { name: 'al' }, focused: 'name' });
    const choices = await world.discord.waitForChoices(id);
    expect(choices).toEqual([{ name: 'albert', value: 'albert' }, { name: 'alice-jf', value: 'alice-jf' }]);
    expect(world.discord.interaction(id)?.callbackType).toBe(8);
  });

  it('suggests invite codes for /invite show', async () => {
    const invite = await world.app.services.invites.create({ uses: 1, created_by: 'test' });
    const id = world.discord.userTypesOption(BOSS, { name: 'invite', subcommand: 'show', options: { code: invite.code.slice(0, 6) }, focused: 'code' });
    expect((await world.discord.waitForChoices(id)).map((choice) => choice.value)).toContain(invite.code);
  });

  it('suggests nothing to someone who may not run the command', async () => {
    const id = world.discord.userTypesOption(ALICE, { name: 'user', subcommand: 'info', options: { name: 'al' }, focused: 'name' });
    expect(await world.discord.waitForChoices(id)).toEqual([]);
  });
});

describe('a form (modal) for /profile rename', () => {
  it('opens the form, and the submitted form renames the profile', async () => {
    await world.app.services.profiles.capture({ name: 'Friends', from: 'template' });
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'profile', subcommand: 'rename' });
    const callback = await world.discord.waitFor((request) => request.path.startsWith(`/interactions/${id}/`));
    const modal = (callback.body as { type: number; data: { custom_id: string; components: { components: { custom_id: string; required: boolean }[] }[] } });
    expect(modal.type).toBe(9);
    expect(modal.data.components.map((row) => row.components[0]!.custom_id)).toEqual(['name', 'to']);
    expect(modal.data.components.every((row) => row.components[0]!.required)).toBe(true);

    const submit = world.discord.userSubmitsModal(BOSS, modal.data.custom_id, { name: 'Friends', to: 'Close friends' });
    const reply = await world.discord.waitForReply(submit);
    expect(reply.content).toContain('Profile Friends is now called Close friends.');
    expect(world.discord.interaction(submit)?.ephemeral).toBe(true);
    expect((await world.app.services.profiles.list()).map((profile) => profile.name)).toContain('Close friends');
  });

  it('a non-admin’s form is refused like the command', async () => {
    const submit = world.discord.userSubmitsModal(ALICE, 'form:profile rename', { name: 'Close friends', to: 'Mine' });
    expect((await world.discord.waitForReply(submit)).content).toBe('Only admins may run profile rename.');
  });
});

describe('ephemeral and deferred answers', () => {
  it('a DM-only command works in a guild channel, answered ephemerally (the key is seen by the admin only)', async () => {
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'apikey', subcommand: 'create', options: { name: 'backup' } });
    const reply = await world.discord.waitForReply(id);
    expect(reply.content).toContain('API key backup created');
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
  });

  it('/link PIN in a guild channel is answered ephemerally and counts as private (no DM-only refusal)', async () => {
    const id = world.discord.userRunsSlashCommand(ALICE, { name: 'link', options: { pin: 'ZZZZ2222' } });
    const reply = await world.discord.waitForReply(id);
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
    expect(reply.content).not.toMatch(/private chat/);
    expect(reply.content).toMatch(/That PIN is not valid|unknown or has expired/);
  });

  it('defers ephemerally first (callback 5 with flag 64), then edits the answer in', async () => {
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'user', subcommand: 'list' });
    await world.discord.waitForReply(id);
    const [first, edit] = world.discord.interactionResponses(id);
    expect(first?.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(edit?.method).toBe('PATCH');
    expect(edit?.path).toMatch(/\/messages\/@original$/);
  });

  it('a personal command with an option is ephemeral in the guild; /help alone is public', async () => {
    const lang = world.discord.userRunsSlashCommand(ALICE, { name: 'lang', options: { code: 'de' } });
    expect((await world.discord.waitForReply(lang)).content).toBe('Language set to de.');
    expect(world.discord.interaction(lang)?.ephemeral).toBe(true);
    const help = world.discord.userRunsSlashCommand(ALICE, { name: 'help' });
    await world.discord.waitForReply(help);
    expect(world.discord.interaction(help)?.ephemeral).toBe(false);
  });
});
