import { describe, expect, it } from 'vitest';
import { registry } from '../../commands/index.ts';
import type { Caller } from '../../commands/types.ts';
import { announceProfileChanges, ChangeSignal, listOptionValues, suggestValues, type OptionValueDeps } from '../../src/core/option-values.ts';
import type { Services } from '../../src/core/services.ts';

function deps(profileNames: string[], userNames: string[] = []): OptionValueDeps {
  const services = {
    profiles: { list: async () => profileNames.map((name) => ({ name })) },
    users: { list: async () => userNames.map((name) => ({ name })) },
    invites: { list: async () => [{ code: 'Code-One' }, { code: 'Other' }] },
  } as unknown as OptionValueDeps['services'];
  return { services, registry };
}

const admin: Caller = { surface: 'discord', id: '1', name: 'boss', isAdmin: true, platform: 'discord', inDm: true };
const user: Caller = { ...admin, isAdmin: false };

describe('option values for chat platforms', () => {
  it('lists small closed sets whole and marks open sets to be suggested', async () => {
    const values = await listOptionValues(deps(['Kids', 'Friends']));
    expect(values).toContainEqual({ command: 'invite create', option: 'profile', choices: ['Kids', 'Friends'] });
    expect(values).toContainEqual({ command: 'profile delete', option: 'name', choices: ['Kids', 'Friends'] });
    expect(values).toContainEqual({ command: 'lang', option: 'code', choices: ['en', 'de', 'fr'] });
    expect(values).toContainEqual({ command: 'user info', option: 'name', suggest: true });
    expect(values).toContainEqual({ command: 'invite show', option: 'code', suggest: true });
  });

  it('suggests instead of listing when there are more than 25 profiles, or none', async () => {
    const many = Array.from({ length: 26 }, (_, index) => `P${index}`);
    expect(await listOptionValues(deps(many))).toContainEqual({ command: 'invite create', option: 'profile', suggest: true });
    expect(await listOptionValues(deps([]))).toContainEqual({ command: 'invite create', option: 'profile', suggest: true });
  });

  it('suggests matching values, those starting with the typed text first, only to who may run the command', async () => {
    const world = deps([], ['Malice', 'alice', 'bob', 'Alan']);
    expect(await suggestValues(world, admin, { command: 'user info', option: 'name', typed: 'AL' })).toEqual(['alice', 'Alan', 'Malice']);
    expect(await suggestValues(world, user, { command: 'user info', option: 'name', typed: 'al' })).toEqual([]);
    expect(await suggestValues(world, admin, { command: 'invite show', option: 'code', typed: 'code' })).toEqual(['Code-One']);
    expect(await suggestValues(world, admin, { command: 'invite show', option: 'nothing', typed: '' })).toEqual([]);
  });

  it('tells subscribers after a profile is captured, renamed or removed, not after reads', async () => {
    const signal = new ChangeSignal();
    let told = 0;
    const unsubscribe = signal.subscribe(() => told++);
    const inner = { capture: async () => ({}), list: async () => [], show: async () => ({}), setDefault: async () => ({}), rename: async () => ({}), remove: async () => undefined };
    const profiles = announceProfileChanges(inner as unknown as Services['profiles'], () => signal.emit());
    await profiles.list();
    await profiles.capture({ name: 'A', from: 'b' });
    await profiles.rename('A', 'B');
    await profiles.remove('B');
    expect(told).toBe(3);
    unsubscribe();
    await profiles.remove('B');
    expect(told).toBe(3);
  });
});
