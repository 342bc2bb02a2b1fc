import { describe, expect, it } from 'vitest';
import { parseButton } from '../../adapters/discord/components.ts';
import { CONFIRM_TTL_MS, confirmationQuestion, confirmedCommand, PendingConfirmations, wantsConfirmation } from '../../src/chat/confirmations.ts';

describe('pending confirmations (src/chat/confirmations.ts)', () => {
  it('work until CONFIRM_TTL_MS has passed, then are forgotten', () => {
    let now = 1_000;
    const pending = new PendingConfirmations(() => now);
    const id = pending.add({ userId: '7', text: 'invite revoke ABC' });
    now += CONFIRM_TTL_MS - 1;
    expect(pending.find(id)).toMatchObject({ userId: '7', text: 'invite revoke ABC' });
    now += 1;
    expect(pending.find(id)).toBeUndefined();
    expect(pending.size).toBe(0);
  });

  it('are recognised by the refusal’s code, not by its wording', () => {
    expect(wantsConfirmation({ text: 'anything', data: { error: { code: 'confirmation_required', message: 'x' } } })).toBe(true);
    expect(wantsConfirmation({ text: 'Run it again with --yes to confirm.', data: { error: { code: 'validation' } } })).toBe(false);
  });

  it('drop the CLI’s --yes sentence from the question and confirm with confirm:true', () => {
    expect(confirmationQuestion({ text: 'This revokes invite ABC. Run it again with --yes to confirm.' }).text).toBe('This revokes invite ABC.\n\nPress Confirm to go ahead.');
    expect(confirmedCommand('invite revoke ABC ')).toBe('invite revoke ABC confirm:true');
    expect(confirmedCommand('invite revoke code:ABC confirm:false')).toBe('invite revoke code:ABC confirm:true');
    expect(confirmedCommand('apikey revoke unconfirm:x')).toBe('apikey revoke unconfirm:x confirm:true');
  });

  it('buttons carry only c:<id> or x:<id>; anything else is not Doorman’s', () => {
    expect(parseButton('c:abc_DEF-123')).toEqual({ action: 'confirm', id: 'abc_DEF-123' });
    expect(parseButton('x:abc')).toEqual({ action: 'cancel', id: 'abc' });
    expect(parseButton('c:invite revoke ABC')).toBeNull();
    expect(parseButton('form:profile rename')).toBeNull();
  });
});
