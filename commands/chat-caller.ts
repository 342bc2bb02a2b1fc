import { DomainError } from './errors.ts';
import type { Caller } from './types.ts';

/** The chat account a command acts on: the caller's own, so the command only runs in chat. */
export function chatIdentityOf(caller: Caller): { platform: 'telegram' | 'discord' | 'matrix'; userId: string; handle?: string } {
  if (!caller.platform) {
    throw new DomainError('usage', 'This command is about your chat account, so it only works in chat (Telegram, Discord or Matrix).');
  }
  return { platform: caller.platform, userId: caller.id, handle: caller.handle };
}

export const PLATFORM_LABEL: Record<'telegram' | 'discord' | 'matrix', string> = { telegram: 'Telegram', discord: 'Discord', matrix: 'Matrix' };

/** Verifies a PIN from the sign-up page (`start PIN`, `link PIN`, a bare PIN in a DM). */
export async function verifyPageSignupPin(caller: Caller, services: { contacts: { verifyPin(identity: ReturnType<typeof chatIdentityOf>, pin: string): Promise<unknown> } }, pin: string) {
  const identity = chatIdentityOf(caller);
  if (caller.inDm === false) {
    throw new DomainError('dm_only', 'PINs only work in a private chat with me. Send it to me directly.');
  }
  await services.contacts.verifyPin(identity, pin);
  return {
    text: `Done: your ${PLATFORM_LABEL[identity.platform]} account is verified. Go back to the sign-up page to finish creating your account.`,
    data: { verified: true },
  };
}
