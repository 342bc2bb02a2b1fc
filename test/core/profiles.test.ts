import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { mediumCore } from './support.ts';

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

describe('setting profiles', () => {
  it('captures the whole policy, unknown fields included, from a user found case-insensitively', async () => {
    const core = await mediumCore();
    const policy = { EnableAllFolders: false, EnabledFolders: ['a'], MaxActiveSessions: 2, SomeFutureField: { nested: [1] } };
    core.fake.addUser('Template', policy, { OrderedViews: ['x'] });
    const view = await core.services.profiles.capture({ name: 'Friends', from: 'template' });
    expect(view).toMatchObject({ name: 'Friends', is_default: true, source_user: 'Template', has_configuration: false, has_display_prefs: false });
    const shown = await core.services.profiles.show('FRIENDS');
    expect(shown.policy).toEqual({ IsAdministrator: false, ...policy });
    expect(shown.configuration).toBeNull();
    expect(core.fake.countCalls('getDisplayPreferences')).toBe(0);
  });

  it('with homescreen also keeps the whole configuration and the display preferences', async () => {
    const core = await mediumCore();
    const user = core.fake.addUser('template', {}, { OrderedViews: ['x'], Extra: true });
    core.fake.prefs.set(user.Id, { CustomPrefs: { homesection0: 'resume', tvhome: null }, SortBy: 'SortName' });
    const view = await core.services.profiles.capture({ name: 'Home', from: 'template', homescreen: true });
    expect(view).toMatchObject({ has_configuration: true, has_display_prefs: true });
    const shown = await core.services.profiles.show('home');
    expect(shown.configuration).toEqual({ OrderedViews: ['x'], Extra: true });
    expect(shown.display_prefs).toEqual({ CustomPrefs: { homesection0: 'resume', tvhome: null }, SortBy: 'SortName' });
  });

  it('names the missing Jellyfin user, refuses a duplicate name ignoring case, reports an outage', async () => {
    const core = await mediumCore();
    core.fake.addUser('template');
    const missing = (await core.services.profiles.capture({ name: 'A', from: 'nobody' }).catch((e: unknown) => e)) as DomainError;
    expect(missing).toMatchObject({ code: 'not_found' });
    expect(missing.message).toContain('"nobody"');
    await core.services.profiles.capture({ name: 'Friends', from: 'template' });
    expect(await code(core.services.profiles.capture({ name: 'friends', from: 'template' }))).toBe('conflict');
    core.fake.down = true;
    expect(await code(core.services.profiles.capture({ name: 'Other', from: 'template' }))).toBe('jellyfin_unavailable');
    expect(await core.services.profiles.list()).toHaveLength(1);
  });

  it('the first profile is the default; setDefault moves it; removing the default leaves none', async () => {
    const core = await mediumCore();
    core.fake.addUser('template');
    await core.services.profiles.capture({ name: 'One', from: 'template' });
    await core.services.profiles.capture({ name: 'Two', from: 'template' });
    const defaults = async () => (await core.services.profiles.list()).filter((p) => p.is_default).map((p) => p.name);
    expect(await defaults()).toEqual(['One']);
    await core.services.profiles.setDefault('two');
    expect(await defaults()).toEqual(['Two']);
    await core.services.profiles.remove('Two');
    expect(await defaults()).toEqual([]);
    expect((await core.services.profiles.list()).map((p) => p.name)).toEqual(['One']);
  });

  it('renames (case changes included) but not onto another profile', async () => {
    const core = await mediumCore();
    core.fake.addUser('template');
    await core.services.profiles.capture({ name: 'One', from: 'template' });
    await core.services.profiles.capture({ name: 'Two', from: 'template' });
    expect((await core.services.profiles.rename('one', 'ONE')).name).toBe('ONE');
    expect(await code(core.services.profiles.rename('ONE', 'two'))).toBe('conflict');
    expect((await core.services.profiles.rename('ONE', 'Uno')).name).toBe('Uno');
    expect(await code(core.services.profiles.rename('missing', 'x'))).toBe('not_found');
    expect(await code(core.services.profiles.rename('Uno', '  '))).toBe('validation');
  });

  it('deleting a profile leaves its invites without one (they then use the default)', async () => {
    const core = await mediumCore();
    core.fake.addUser('template');
    await core.services.profiles.capture({ name: 'Default', from: 'template' });
    await core.services.profiles.capture({ name: 'Kids', from: 'template' });
    const invite = await core.services.invites.create({ profile: 'Kids' });
    await core.services.profiles.remove('kids');
    expect((await core.services.invites.show(invite.code)).profile).toBeNull();
    expect(await code(core.services.profiles.remove('kids'))).toBe('not_found');
  });
});
