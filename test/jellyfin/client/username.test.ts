import { describe, expect, it } from 'vitest';
import { JellyfinClient } from '../../../src/jellyfin/client.ts';
import { parseVersion, RULES_10_11, RULES_10_8, RULES_12, sameUsername, usernameProblem, usernameRulesFor } from '../../../src/jellyfin/username.ts';

describe('username rules per Jellyfin version', () => {
  it('picks the rules from the server version', () => {
    expect(usernameRulesFor('10.8.13')).toBe(RULES_10_8);
    expect(usernameRulesFor('10.9.11')).toBe(RULES_10_8);
    expect(usernameRulesFor('10.10.7')).toBe(RULES_10_8);
    expect(usernameRulesFor('10.11.0')).toBe(RULES_10_11);
    expect(usernameRulesFor('10.11.11')).toBe(RULES_10_11);
    expect(usernameRulesFor('12.0.0')).toBe(RULES_12);
    expect(usernameRulesFor('4.8.10.0')).toBe(RULES_10_8); // Emby
    expect(usernameRulesFor(undefined)).toBe(RULES_10_8);
    expect(parseVersion('garbage')).toBeNull();
  });

  it('accepts what Jellyfin accepts on every version', () => {
    for (const rules of [RULES_10_8, RULES_10_11, RULES_12]) {
      for (const name of ['alice', 'Bob Smith', "o'neil", 'a.b-c_d@e', 'José', 'Ünal', '名前', 'ナルト', 'x9']) {
        expect(usernameProblem(name, rules), name).toBeNull();
      }
    }
  });

  it('refuses + before 10.11 and accepts it from 10.11', () => {
    expect(usernameProblem('alice+tv', RULES_10_8)).toBe("Usernames may only use letters, digits, spaces and - _ ' . @.");
    expect(usernameProblem('alice+tv', RULES_10_11)).toBeNull();
  });

  it('names the allowed characters when refusing one', () => {
    for (const name of ['a/b', 'a!', 'tab\there', 'emoji😀', 'a#b', 'a,b']) {
      expect(usernameProblem(name, RULES_10_8), name).toMatch(/^Usernames may only use letters, digits, spaces and/);
      expect(usernameProblem(name, RULES_10_11), name).toMatch(/- _ ' \. @ \+/);
    }
  });

  it('refuses leading or trailing spaces from 10.11 only', () => {
    expect(usernameProblem(' alice', RULES_10_8)).toBeNull();
    expect(usernameProblem('alice ', RULES_10_8)).toBeNull();
    expect(usernameProblem(' alice', RULES_10_11)).toBe('Usernames may not start or end with a space.');
    expect(usernameProblem('alice ', RULES_10_11)).toBe('Usernames may not start or end with a space.');
  });

  it('refuses empty names, and "." or ".." on 12.0', () => {
    expect(usernameProblem('', RULES_10_8)).toBe('Usernames cannot be empty.');
    expect(usernameProblem('..', RULES_10_11)).toBeNull();
    expect(usernameProblem('..', RULES_12)).not.toBeNull();
  });

  it('compares names without regard to case', () => {
    expect(sameUsername('Alice', 'aLICE')).toBe(true);
    expect(sameUsername('ÉLODIE', 'élodie')).toBe(true);
    expect(sameUsername('alice', 'alice2')).toBe(false);
  });

  it('uses the strict 10.8 rules in the client before the server version is known', () => {
    const client = new JellyfinClient({ url: 'http://127.0.0.1:9', username: 'a', password: 'b', deviceId: 'd' });
    expect(client.usernameProblem('alice+tv')).toMatch(/letters, digits, spaces and - _ ' \. @\.$/);
    expect(client.usernameProblem('alice')).toBeNull();
  });
});

describe('the authorization header', () => {
  it('has the MediaBrowser format with percent-encoded values and defaults', () => {
    const client = new JellyfinClient({ url: 'http://127.0.0.1:9', username: 'a', password: 'b', deviceId: 'dev "1", x' });
    expect(client.authorizationHeader('tok')).toBe(
      'MediaBrowser Client="Doorman", Device="doorman", DeviceId="dev%20%221%22%2C%20x", Version="0.1.0", Token="tok"',
    );
    const named = new JellyfinClient({
      url: 'http://127.0.0.1:9',
      username: 'a',
      password: 'b',
      deviceId: 'd',
      deviceName: 'Living room',
      appVersion: '1.2.3',
    });
    expect(named.authorizationHeader()).toBe('MediaBrowser Client="Doorman", Device="Living%20room", DeviceId="d", Version="1.2.3", Token=""');
  });
});
