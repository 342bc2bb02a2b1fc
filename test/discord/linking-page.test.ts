import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAVE, startLinkingWorld, type LinkingWorld } from './linking-support.ts';

/** The sign-up page's Discord section (HTML, no script): both directions, in Discord's words. */

let world: LinkingWorld;
beforeAll(async () => {
  world = await startLinkingWorld({ mode: 'required' });
});
afterAll(async () => world?.close());

async function postForm(path: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${world.address}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, text: await response.text() };
}

function visibleText(page: string): string {
  return page.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe('the Discord section of the sign-up page', () => {
  it('offers both directions: a PIN for /link (DM or any channel, no Telegram deep link) and a username-or-id field', async () => {
    const { code } = await world.app.services.invites.create({ uses: 1 });
    const page = visibleText(await (await fetch(`${world.address}/invite/${code}`)).text());
    expect(page).toContain('Discord (required)');
    expect(page).toContain('Your Discord username or user id');
    expect(page).toContain('Privacy & Safety');
    expect(page).not.toContain('send /start');

    const shown = await postForm(`/invite/${code}/contacts/discord/pin`, { username: 'dave' });
    expect(shown.status).toBe(200);
    const text = visibleText(shown.text);
    expect(text).toMatch(/In Discord, send \/link [A-Z0-9]{8} to @doorman-test in a direct message or in any channel of the server\./);
    expect(shown.text).not.toContain('t.me/');
  });

  it('the bot sends a PIN to a username typed on the page; the page then asks for it', async () => {
    const { code } = await world.app.services.invites.create({ uses: 1 });
    const answer = await postForm(`/invite/${code}/contacts/discord/dm`, { username: 'dave', discord_handle: 'dave.watches' });
    expect(answer.status).toBe(200);
    expect(visibleText(answer.text)).toContain('The bot sent a PIN to dave.watches on Discord');
    expect(world.discord.dmsTo(DAVE.id).at(-1)?.content).toMatch(/PIN is [A-Z0-9]{8}/);
  });

  it('closed DMs: the page says so, names the privacy setting, and keeps what was typed', async () => {
    world.discord.closeDms(DAVE.id);
    const { code } = await world.app.services.invites.create({ uses: 1 });
    const before = world.discord.dmsTo(DAVE.id).length;
    const answer = await postForm(`/invite/${code}/contacts/discord/dm`, { username: 'dave', discord_handle: 'dave.watches' });
    expect(answer.status).toBe(409);
    const text = visibleText(answer.text);
    expect(text).toContain('direct messages from server members are off');
    expect(text).toContain('User Settings → Privacy & Safety');
    expect(answer.text).toContain('value="dave.watches"');
    expect(world.discord.dmsTo(DAVE.id).length).toBe(before);
    world.discord.openDms(DAVE.id);
  });
});
