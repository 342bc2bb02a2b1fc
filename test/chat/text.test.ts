import { describe, expect, it } from 'vitest';
import { DomainError } from '../../commands/errors.ts';
import { ChatDeliveries } from '../../src/chat/delivery.ts';
import { MAX_COMMAND_LENGTH, normalisePin, parseChatText, PIN_ALPHABET } from '../../src/chat/text.ts';
import { newPin, sameHash, secretHash } from '../../src/core/pins.ts';
import { FakeDelivery } from './support.ts';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('chat text parsing', () => {
  it('takes the first word as the command (lower-cased) and tokenises the payload', () => {
    expect(parseChatText('/invite create uses:2 label:"book club"')).toEqual({ kind: 'command', tokens: ['invite', 'create', 'uses:2', 'label:book club'] });
    expect(parseChatText('/Invite@DoormanBot list', 'DoormanBot')).toEqual({ kind: 'command', tokens: ['invite', 'list'] });
    expect(parseChatText('!me')).toEqual({ kind: 'command', tokens: ['me'] });
    expect(parseChatText('  help   invite  ')).toEqual({ kind: 'command', tokens: ['help', 'invite'] });
    expect(parseChatText('/start ABCD2345')).toEqual({ kind: 'command', tokens: ['start', 'ABCD2345'] });
  });

  it('leaves commands addressed to another bot alone', () => {
    expect(parseChatText('/start@OtherBot', 'DoormanBot')).toEqual({ kind: 'elsewhere' });
    expect(parseChatText('/help@doormanbot', '@DoormanBot')).toEqual({ kind: 'command', tokens: ['help'] });
  });

  it('recognises a bare PIN, in any case and with a dash, but never a prefixed word', () => {
    expect(parseChatText('abcd-2345')).toEqual({ kind: 'pin', pin: 'ABCD2345' });
    expect(parseChatText('/abcd2345')).toEqual({ kind: 'command', tokens: ['abcd2345'] });
    expect(parseChatText('abcd 2345')).toEqual({ kind: 'pin', pin: 'ABCD2345' });
    expect(parseChatText('start abc')).toEqual({ kind: 'command', tokens: ['start', 'abc'] });
    expect(normalisePin('ABCD 1234')).toBeNull(); // 1 is not in the alphabet
    expect(normalisePin('ABCDOOOO')).toBeNull();
  });

  it('refuses what is not a command with a usage answer', () => {
    expect(refusal(() => parseChatText('/')).code).toBe('usage');
    expect(refusal(() => parseChatText('/Über-cool')).message).toContain('is not a command');
    expect(refusal(() => parseChatText(`/${'a'.repeat(33)}`)).code).toBe('usage');
    expect(refusal(() => parseChatText('/invite create label:"open')).message).toContain('quote is not closed');
    const long = refusal(() => parseChatText(`/invite create label:${'x'.repeat(4000)}`));
    expect(long.code).toBe('usage');
    expect(long.message).toContain(`at most ${MAX_COMMAND_LENGTH}`);
  });
});

describe('PINs and hashes', () => {
  it('PINs are 8 characters of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const pin = newPin();
      expect(pin).toMatch(new RegExp(`^[${PIN_ALPHABET}]{8}$`));
      expect(normalisePin(pin)).toBe(pin);
    }
    expect(PIN_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('compares hashes in constant time and only for equal lengths', () => {
    expect(sameHash(secretHash('ABCD2345'), secretHash('ABCD2345'))).toBe(true);
    expect(sameHash(secretHash('ABCD2345'), secretHash('ABCD2346'))).toBe(false);
    expect(sameHash(secretHash('x'), 'abcd')).toBe(false);
  });
});

describe('the delivery registry', () => {
  it('registers per platform and unregisters only its own entry', () => {
    const deliveries = new ChatDeliveries();
    const first = new FakeDelivery();
    const unregisterFirst = deliveries.register(first);
    const second = new FakeDelivery();
    const unregisterSecond = deliveries.register(second);
    expect(deliveries.get('telegram')).toBe(second);
    unregisterFirst();
    expect(deliveries.get('telegram')).toBe(second);
    unregisterSecond();
    expect(deliveries.get('telegram')).toBeUndefined();
    expect(deliveries.platforms()).toEqual([]);
  });
});
