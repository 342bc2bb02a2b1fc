import { describe, expect, it } from 'vitest';
import { plainMarkdown, renderForScript, renderReply, renderTable } from '../../adapters/console/render.ts';

describe('console rendering of the neutral reply', () => {
  it('prints text, then fields as label: value lines, then an aligned table', () => {
    const text = renderReply({
      text: 'Invite created. Share this link:\nhttp://localhost:8056/invite/abc',
      fields: [
        { label: 'code', value: 'abc' },
        { label: 'uses', value: '0 of 3 used' },
      ],
      table: { columns: ['username', 'signed up'], rows: [['alice', '2026-12-01 10:00 UTC'], ['bartholomew', '2026-12-02 11:30 UTC']] },
    });
    expect(text).toBe(
      [
        'Invite created. Share this link:',
        'http://localhost:8056/invite/abc',
        '',
        'code: abc',
        'uses: 0 of 3 used',
        '',
        'username     signed up',
        'alice        2026-12-01 10:00 UTC',
        'bartholomew  2026-12-02 11:30 UTC',
      ].join('\n'),
    );
  });

  it('aligns columns with spaces only: no tabs, no line breaks inside a cell, no empty cells', () => {
    const lines = renderTable({ columns: ['code', 'label', 'status'], rows: [['a1', 'two\twords', 'active'], ['bb22', '', 'line\nbreak']] });
    expect(lines).toEqual(['code  label      status', 'a1    two words  active', 'bb22  -          line break']);
    expect(lines.join('\n')).not.toMatch(/\t/);
  });

  it('keeps Markdown readable: emphasis and code marks dropped, links spelled out, escapes removed', () => {
    expect(plainMarkdown('# Title\n**Bold** and `code` and [the docs](https://x.org/a) and \\_under\\_')).toBe(
      'Title\nBold and code and the docs (https://x.org/a) and _under_',
    );
    expect(plainMarkdown('a__b__c')).toBe('a__b__c');
  });

  it('shows a secret reply as it is on the local terminal', () => {
    expect(renderReply({ text: 'API key created:\nsecret-key_123', secret: true }).split('\n').at(-1)).toBe('secret-key_123');
  });

  it('for scripts, a list puts one line per row on stdout and its heading on stderr', () => {
    const reply = { text: '2 invites:', table: { columns: ['code', 'status'], rows: [['aaa', 'active'], ['b', 'revoked']] } };
    expect(renderForScript(reply)).toEqual({ stdout: 'aaa   active\nb     revoked\n', stderr: '2 invites:\ncode  status\n' });
    expect(renderForScript({ text: 'No invites yet.', table: { columns: ['code'], rows: [] } })).toEqual({ stdout: '', stderr: 'No invites yet.\n' });
    expect(renderForScript({ text: 'Done.', fields: [{ label: 'code', value: 'x' }] })).toEqual({ stdout: 'Done.\n\ncode: x\n', stderr: '' });
  });

  it('renders confirmations, files and progress', () => {
    const text = renderReply({
      text: 'Working',
      progress: { done: 3, total: 10 },
      confirm: { token: 't', prompt: 'Delete **3** users?', expires_at: '2026-01-01T00:00:00Z' },
      file: { name: 'users.csv', content: 'a,b\n' },
    });
    expect(text).toBe('Working\n\nprogress: 3/10\n\nDelete 3 users?\nRun it again with --yes to confirm.\n\n--- users.csv ---\na,b\n--- end of users.csv ---');
  });
});
