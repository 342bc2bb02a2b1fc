import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandText, quoteValue } from '../../adapters/discord/typed-line.ts';
import { MESSAGE_LIMIT, renderReply, splitMessage } from '../../adapters/discord/render.ts';
import { tokenize } from '../../commands/parse.ts';

describe('commandText', () => {
  it('rebuilds the typed line from the subcommand group, subcommand and options', () => {
    const data: CommandInteractionOption[] = [{
      name: 'create', type: ApplicationCommandOptionType.Subcommand,
      options: [
        { name: 'uses', type: ApplicationCommandOptionType.Integer, value: 2 },
        { name: 'valid', type: ApplicationCommandOptionType.String, value: '1d' },
        { name: 'label', type: ApplicationCommandOptionType.String, value: 'book "club" night' },
      ],
    }];
    const text = commandText('invite', data);
    expect(text).toBe('invite create uses:2 valid:1d label:"book \\"club\\" night"');
  });

  it('handles a subcommand without options and a group', () => {
    expect(commandText('invite', [{ name: 'list', type: ApplicationCommandOptionType.Subcommand }])).toBe('invite list');
    expect(commandText('user', [{
      name: 'notes', type: ApplicationCommandOptionType.SubcommandGroup,
      options: [{ name: 'add', type: ApplicationCommandOptionType.Subcommand, options: [{ name: 'text', type: ApplicationCommandOptionType.String, value: 'hi' }] }],
    }])).toBe('user notes add text:hi');
  });

  it('quotes values the tokenizer then reads back unchanged', () => {
    for (const value of ['plain', 'two words', 'say "hi"', 'back\\slash', "it's"]) {
      expect(tokenize(`x:${quoteValue(value)}`)).toEqual([`x:${value}`]);
    }
  });
});

describe('renderReply', () => {
  it('renders fields as bold labels and a table as a code block, defusing mass mentions', () => {
    const [text] = renderReply({
      text: 'Hello @everyone',
      fields: [{ label: 'Code', value: 'abc' }],
      table: { columns: ['name', 'uses'], rows: [['a', '1']] },
    });
    expect(text).toBe('Hello @\u200beveryone\n\n**Code:** abc\n\n```\nname  uses\na     1\n```');
  });

  it('splits long replies into messages of at most 2000 characters, keeping code blocks closed', () => {
    const rows = Array.from({ length: 300 }, (_, index) => [`user-${index}`, 'active since long ago']);
    const parts = renderReply({ text: 'Users:', table: { columns: ['name', 'state'], rows } });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect((part.match(/```/g)?.length ?? 0) % 2).toBe(0);
    }
    expect(splitMessage('short')).toEqual(['short']);
  });
});
