import { describe, expect, it } from 'vitest';
import { configRefusal as refusal, parseConfigText as parse } from '../support/config-text.ts';

describe('the discord config section', () => {
  it('defaults api_root, trims its slash, and makes contacts.discord optional once configured', () => {
    const config = parse('discord: { token: t, application_id: "900000000000000001", api_root: "http://127.0.0.1:1/api/" }\n');
    expect(config.discord).toEqual({ token: 't', application_id: '900000000000000001', api_root: 'http://127.0.0.1:1/api' });
    expect(config.contacts.discord).toEqual({ mode: 'optional', unique: true });
    expect(parse('discord: { token: t, application_id: "1" }\n').discord?.api_root).toBe('https://discord.com/api');
  });

  it('is off without the section, and refuses contacts.discord required without a bot', () => {
    const config = parse('');
    expect(config.discord).toBeUndefined();
    expect(config.contacts.discord.mode).toBe('off');
    expect(config.admins).toMatchObject({ discord: [], discord_roles: [] });
    expect(refusal('contacts: { discord: { mode: required } }\n')).toContain('needs the discord section');
  });

  it('refuses a Discord id written as a bare number, saying to quote it', () => {
    expect(refusal('admins: { discord: [123456789012345678] }\n')).toMatch(/in quotes/);
    expect(parse('admins: { discord: ["123456789012345678"], discord_roles: ["5"] }\n').admins).toMatchObject({
      discord: ['123456789012345678'], discord_roles: ['5'],
    });
  });
});
