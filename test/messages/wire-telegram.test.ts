import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startTelegramWorld, type TelegramWorld } from '../telegram/support.ts';
import { EVIL_LINK, NASTY, showsText, wireCases } from './wire-cases.ts';

/**
 * Issue 6, acceptance: every catalogue message in every shipped language, sent for real through the
 * running app's Telegram delivery (grammY) to the Telegram stand-in. The snapshot is what the Bot API
 * received (HTML + parse_mode); the reader sees the nasty username exactly as typed, never a tag or link.
 */

let world: TelegramWorld;

beforeAll(async () => {
  world = await startTelegramWorld();
  world.telegram.userOpenedChat(ALICE);
});

afterAll(async () => {
  await world?.close();
});

describe('every message on Telegram', () => {
  for (const message of wireCases()) {
    it(message.name, async () => {
      const before = world.telegram.sent(ALICE.id).length;
      await world.app.deliveries.get('telegram')!.sendDirect(String(ALICE.id), { text: message.markdown });
      const sent = world.telegram.sent(ALICE.id).slice(before);
      expect(sent).toHaveLength(1);
      const [wire] = sent;
      expect({ parse_mode: wire.parseMode, text: wire.raw }).toMatchSnapshot();
      expect(wire.parseMode).toBe('HTML');
      expect(wire.raw).not.toMatch(EVIL_LINK);
      expect(wire.raw).not.toContain('<b>&');
      if (showsText(message.id)) {
        expect(wire.raw).toContain('&lt;b&gt;&amp;');
        expect(wire.text).toContain(NASTY);
      }
    });
  }
});
