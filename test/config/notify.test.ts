import { describe, expect, it } from 'vitest';
import { configRefusal as refusal, parseConfigText as parse } from '../support/config-text.ts';

describe('notify.admin_channels', () => {
  it('takes a target per platform, numbers of Telegram chats included', () => {
    const config = parse(
      'notify: { admin_channels: [ { platform: telegram, target: -1001234567890 }, { platform: discord, target: "123456789012345678" }, { platform: matrix, target: "!room:example.org" }, { platform: email, target: admins@example.org } ] }\n',
    );
    expect(config.notify.admin_channels.map((entry) => entry.target)).toEqual(['-1001234567890', '123456789012345678', '!room:example.org', 'admins@example.org']);
  });

  it('refuses at start a target that could never work, naming the entry and the shape it wants', () => {
    expect(refusal('notify: { admin_channels: [ { platform: discord, target: "#admins" } ] }\n')).toMatch(/notify\.admin_channels\.0\.target.*Discord channel id in quotes/s);
    expect(refusal('notify: { admin_channels: [ { platform: discord, target: 123456789012345678 } ] }\n')).toMatch(/in quotes/);
    expect(refusal('notify: { admin_channels: [ { platform: matrix, target: "admins" } ] }\n')).toMatch(/Matrix room id/);
    expect(refusal('notify: { admin_channels: [ { platform: email, target: "admins" } ] }\n')).toMatch(/email address/);
    expect(refusal('notify: { admin_channels: [ { platform: telegram, target: "@admins" } ] }\n')).toMatch(/Telegram chat id/);
  });
});
