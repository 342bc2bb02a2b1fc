import { afterEach, describe, expect, it } from 'vitest';
import { ChatIdentitiesRepository } from '../../src/db/repositories/chat-identities.repository.ts';
import { clientLanguage, LanguageResolver } from '../../src/core/languages.ts';
import { MessageCatalogue } from '../../src/messages/catalogue.ts';
import type { StandinUser } from '../fakes/telegram/index.ts';
import { ADMIN, startTelegramWorld, type TelegramWorld } from '../telegram/support.ts';

/**
 * A user's language end to end: the real grammY adapter reads Telegram's language_code from the
 * stand-in's updates, the core stores it as the client language, and the resolver picks the
 * catalogue: `lang` if chosen, else the client's (de-AT → de), else messages.language.
 */

const HEIDI: StandinUser = { id: 3001, username: 'heidi', first_name: 'Heidi', language_code: 'de-AT' };
let world: TelegramWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

function resolver(w: TelegramWorld, defaultLanguage = 'en'): LanguageResolver {
  const catalogue = new MessageCatalogue({ defaultLanguage, timezone: 'UTC' });
  return new LanguageResolver(w.app.db, catalogue);
}

describe('the chat client language', () => {
  it('Telegram’s language_code de-AT is stored on the chat account and picks the German catalogue', async () => {
    world = await startTelegramWorld();
    world.jellyfin.addUser('heidi', { password: 'pw-Heidi-1' });
    await world.say(HEIDI, '/start');
    const row = await new ChatIdentitiesRepository(world.app.db).find('telegram', String(HEIDI.id));
    expect(row).toMatchObject({ client_lang: 'de-AT', lang: null });
    expect(await resolver(world).languageForChat('telegram', String(HEIDI.id))).toBe('de');

    await world.say(ADMIN, '/user link heidi telegram @heidi');
    const heidiId = world.jellyfin.user('heidi')!.Id;
    expect(await resolver(world).languageFor(heidiId)).toBe('de');

    await world.say(HEIDI, '/lang fr');
    expect(await resolver(world).languageFor(heidiId)).toBe('fr');
  });

  it('a message without language_code keeps the last known one; nothing known means messages.language', async () => {
    world = await startTelegramWorld();
    await world.say(HEIDI, '/start');
    const { language_code: _dropped, ...withoutLanguage } = HEIDI;
    await world.say(withoutLanguage, '/start');
    const repo = new ChatIdentitiesRepository(world.app.db);
    expect((await repo.find('telegram', String(HEIDI.id)))?.client_lang).toBe('de-AT');
    expect(await resolver(world, 'fr').languageForChat('telegram', '999')).toBe('fr');
    expect(await resolver(world, 'fr').languageFor('no-such-account')).toBe('fr');
  });
});

describe('clientLanguage', () => {
  it('keeps language and region in canonical case and refuses what is not a language tag', () => {
    expect(clientLanguage('de-at')).toBe('de-AT');
    expect(clientLanguage('pt_BR')).toBe('pt-BR');
    expect(clientLanguage('EN')).toBe('en');
    expect(clientLanguage('zh-Hans-CN')).toBe('zh-CN');
    expect(clientLanguage('')).toBeNull();
    expect(clientLanguage('not a language')).toBeNull();
    expect(clientLanguage(undefined)).toBeNull();
  });
});
