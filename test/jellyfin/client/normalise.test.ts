import { describe, expect, it } from 'vitest';
import { JellyfinError } from '../../../src/jellyfin/errors.ts';
import { normaliseLibraries, normaliseServerInfo, normaliseUser, normaliseUserList } from '../../../src/jellyfin/users.ts';

describe('normalising what Jellyfin sends', () => {
  it('writes user ids and GUIDs in id arrays as 32 lowercase hex digits, keeping every other field', () => {
    const user = normaliseUser(
      {
        Id: '5F0B8A3C-D4A1-4E8A-9D5F-3B2C1A0E9F11',
        Name: 'Alice',
        HasPassword: true,
        Policy: { EnabledFolders: ['{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}'], EnabledDevices: ['Some-Device'], Future: 1 },
        Configuration: { OrderedViews: ['11111111-2222-3333-4444-555555555555', 'not-a-guid'] },
      },
      'GET /Users',
    );
    expect(user).toEqual({
      Id: '5f0b8a3cd4a14e8a9d5f3b2c1a0e9f11',
      Name: 'Alice',
      HasPassword: true,
      Policy: { EnabledFolders: ['aaaaaaaabbbbccccddddeeeeeeeeeeee'], EnabledDevices: ['Some-Device'], Future: 1 },
      Configuration: { OrderedViews: ['11111111222233334444555555555555', 'not-a-guid'] },
    });
  });

  it('gives a user without Policy or Configuration empty objects', () => {
    expect(normaliseUser({ Id: 'ab', Name: 'x' }, 'GET /Users')).toMatchObject({ Policy: {}, Configuration: {} });
  });

  it('never turns a non-list into an empty user list', () => {
    for (const body of [undefined, '', 'Error processing request.', { Items: [] }, null]) {
      expect(() => normaliseUserList(body, 'GET /Users')).toThrow(JellyfinError);
    }
    expect(normaliseUserList([], 'GET /Users')).toEqual([]);
  });

  it('reads libraries from VirtualFolders with ItemId as the id', () => {
    expect(
      normaliseLibraries(
        [
          { Name: 'Movies', ItemId: 'F137A2DD21BBC1B99AA5C0F6BF02A805', CollectionType: 'Movies', Locations: [] },
          { Name: 'Mixed', ItemId: '0123456789abcdef0123456789abcdef' },
        ],
        'GET /Library/VirtualFolders',
      ),
    ).toEqual([
      { id: 'f137a2dd21bbc1b99aa5c0f6bf02a805', name: 'Movies', collectionType: 'movies' },
      { id: '0123456789abcdef0123456789abcdef', name: 'Mixed' },
    ]);
  });

  it('reads the public server info', () => {
    expect(
      normaliseServerInfo({ ServerName: 'Home', Version: '10.11.11', Id: 'ABC', ProductName: 'Jellyfin Server' }, 'GET /System/Info/Public'),
    ).toEqual({ serverName: 'Home', version: '10.11.11', id: 'abc', productName: 'Jellyfin Server' });
    expect(() => normaliseServerInfo('<html>', 'GET /System/Info/Public')).toThrow(/no version/);
  });
});
