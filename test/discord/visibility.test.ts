import type { CommandInteractionOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { answersPrivately } from '../../adapters/discord/interaction.ts';
import { hasValues } from '../../adapters/discord/typed-line.ts';
import { registry } from '../../commands/index.ts';

const command = (name: string) => registry.find((def) => def.name === name);

describe('who sees an answer in a guild channel', () => {
  it('only a command anyone may run, not DM-only and given no option, is public', () => {
    expect(answersPrivately(true, command('help'), false)).toBe(false);
    expect(answersPrivately(true, command('start'), false)).toBe(false);
    expect(answersPrivately(true, command('start'), true)).toBe(true); // start PIN
    expect(answersPrivately(true, command('help'), true)).toBe(true);
    expect(answersPrivately(true, command('link'), true)).toBe(true);
    expect(answersPrivately(true, command('me'), false)).toBe(true);
    expect(answersPrivately(true, command('unlink'), false)).toBe(true);
    expect(answersPrivately(true, command('invite list'), false)).toBe(true);
    expect(answersPrivately(true, undefined, false)).toBe(true);
  });

  it('in a DM nothing needs the ephemeral flag', () => {
    expect(answersPrivately(false, command('invite create'), true)).toBe(false);
  });

  it('a subcommand alone is not an option given; a value below it is', () => {
    const sub = (options: unknown[]) => [{ name: 'list', type: 1, options }] as unknown as CommandInteractionOption[];
    expect(hasValues(sub([]))).toBe(false);
    expect(hasValues(sub([{ name: 'code', type: 3, value: 'X' }]))).toBe(true);
    expect(hasValues([{ name: 'state', type: 5, value: false }] as CommandInteractionOption[])).toBe(true);
  });
});
