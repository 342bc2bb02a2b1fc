import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startMatrixWorld, type MatrixWorld } from '../matrix/support.ts';
import { EVIL_LINK, NASTY, showsText, wireCases } from './wire-cases.ts';

/**
 * Issue 6, acceptance: every catalogue message in every shipped language, sent for real through the
 * running app's Matrix delivery (matrix-bot-sdk) to the homeserver stand-in. The snapshot is the
 * event content (body, format, formatted_body); the HTML escapes the nasty username (the reader sees
 * it as typed, no tag or link from it) and `body` is the same text without formatting (clients
 * without HTML, notifications), where the value also reads exactly as typed.
 */

let world: MatrixWorld;

beforeAll(async () => {
  world = await startMatrixWorld();
});

afterAll(async () => {
  await world?.close();
});

describe('every message on Matrix', () => {
  for (const message of wireCases()) {
    it(message.name, async () => {
      const before = world.matrix.sentBy().length;
      await world.app.deliveries.get('matrix')!.sendDirect(ALICE, { text: message.markdown });
      const sent = world.matrix.sentBy().slice(before);
      expect(sent).toHaveLength(1);
      const [event] = sent;
      expect(world.matrix.membership(event.roomId, ALICE)).toBe('join');
      expect({ msgtype: event.msgtype, body: event.body, format: event.format, formatted_body: event.formatted_body }).toMatchSnapshot();
      expect(event.formatted_body).not.toMatch(EVIL_LINK);
      expect(event.formatted_body).not.toContain('<b>&');
      if (showsText(message.id)) {
        expect(event.formatted_body).toContain('&lt;b&gt;&amp;');
        expect(event.body).toContain(NASTY);
        expect(htmlText(event.formatted_body!)).toContain(NASTY);
      }
    });
  }
});

/** What an HTML client shows: tags dropped, the five references decoded. */
function htmlText(html: string): string {
  const references: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
  return html.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|#39|amp);/g, (reference) => references[reference]);
}
