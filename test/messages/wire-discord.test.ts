import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startDiscordWorld, type DiscordWorld } from '../discord/support.ts';
import { ESCAPED, showsText, wireCases } from './wire-cases.ts';

/**
 * Issue 6, acceptance: every catalogue message in every shipped language, sent for real through the
 * running app's Discord delivery (discord.js) to the Discord stand-in. The snapshot is the message
 * content Discord received; the nasty username's Markdown specials arrive escaped, so Discord shows
 * it as typed and no masked link, emphasis or heading can come from it.
 */

let world: DiscordWorld;

beforeAll(async () => {
  world = await startDiscordWorld();
});

afterAll(async () => {
  await world?.close();
});

describe('every message on Discord', () => {
  for (const message of wireCases()) {
    it(message.name, async () => {
      const before = world.discord.dmsTo(ALICE.id).length;
      await world.app.deliveries.get('discord')!.sendDirect(ALICE.id, { text: message.markdown });
      const sent = world.discord.dmsTo(ALICE.id).slice(before);
      expect(sent).toHaveLength(1);
      const content = sent[0].content;
      expect({ content }).toMatchSnapshot();
      expect(content).not.toContain('[y](https://evil.example)');
      expect(content).not.toMatch(/(^|[^\\])\*c/);
      if (showsText(message.id)) expect(content).toContain(ESCAPED);
    });
  }
});
