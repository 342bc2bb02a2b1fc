import { forbidden, notFound } from './errors.ts';
import type { StandinState } from './state.ts';
import type { MatrixEvent, Room } from './world.ts';

export function requireRoom(state: StandinState, roomId: string): Room {
  const room = state.world.room(roomId);
  if (!room) throw notFound(`Unknown room ${roomId}`);
  return room;
}

/** Creates a room as `creator` and invites `invitees`; simulated invitees join unless they refuse invites. */
export function createRoom(state: StandinState, creator: string, invitees: string[], isDirect: boolean, preset?: string): Room {
  const { world } = state;
  const room = world.createRoom(creator, isDirect);
  const joinRule = preset === 'public_chat' ? 'public' : 'invite';
  world.append(room, creator, 'm.room.join_rules', { join_rule: joinRule }, '');
  for (const invitee of invitees) {
    world.setMembership(room, creator, invitee, 'invite', isDirect ? { is_direct: true } : {});
    if (!isTokenHolder(state, invitee) && !state.refusingInvites.has(invitee)) world.setMembership(room, invitee, invitee, 'join');
  }
  return room;
}

/** Joins `userId` to a room they are invited to (or that is public, or they are already in). */
export function joinRoom(state: StandinState, room: Room, userId: string): MatrixEvent | undefined {
  const current = state.world.membership(room, userId);
  if (current === 'join') return undefined;
  const isPublic = room.state.get('m.room.join_rules\u0000')?.content.join_rule === 'public';
  if (current !== 'invite' && !isPublic) throw forbidden(`You are not invited to this room.`);
  return state.world.setMembership(room, userId, userId, 'join');
}

export function leaveRoom(state: StandinState, room: Room, userId: string): MatrixEvent | undefined {
  const current = state.world.membership(room, userId);
  if (current === undefined || current === 'leave') throw forbidden(`User ${userId} is not in the room`);
  return state.world.setMembership(room, userId, userId, 'leave');
}

export function requireJoined(state: StandinState, room: Room, userId: string): void {
  if (state.world.membership(room, userId) !== 'join') throw forbidden(`User ${userId} not in room ${room.roomId}`);
}

/** True for users who act through the API (they hold an access token) rather than through helpers. */
function isTokenHolder(state: StandinState, userId: string): boolean {
  return [...state.sessions.values()].some((session) => session.userId === userId);
}
