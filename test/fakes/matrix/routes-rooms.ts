import { forbidden, notFound } from './errors.ts';
import { createRoom, joinRoom, leaveRoom, requireJoined, requireRoom } from './rooms.ts';
import type { Route, RouteCall, StandinState } from './state.ts';

/** Rooms: list, create, join, leave, send, members, state. */
export function roomRoutes(state: StandinState): Route[] {
  const join = ({ session, params: [roomId] }: RouteCall): unknown => {
    joinRoom(state, requireRoom(state, roomId), session.userId);
    return { room_id: roomId };
  };
  return [
    { method: 'GET', pattern: /^\/joined_rooms$/, handle: ({ session }) => ({ joined_rooms: state.world.roomsWith(session.userId, 'join') }) },
    { method: 'POST', pattern: /^\/createRoom$/, handle: (call) => create(state, call) },
    { method: 'POST', pattern: /^\/join\/([^/]+)$/, handle: join },
    { method: 'POST', pattern: /^\/rooms\/([^/]+)\/join$/, handle: join },
    {
      method: 'POST',
      pattern: /^\/rooms\/([^/]+)\/leave$/,
      handle: ({ session, params: [roomId] }) => (leaveRoom(state, requireRoom(state, roomId), session.userId), {}),
    },
    { method: 'PUT', pattern: /^\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/, handle: (call) => send(state, call) },
    { method: 'GET', pattern: /^\/rooms\/([^/]+)\/members$/, handle: (call) => members(state, call) },
    { method: 'GET', pattern: /^\/rooms\/([^/]+)\/joined_members$/, handle: (call) => joinedMembers(state, call) },
    { method: 'GET', pattern: /^\/rooms\/([^/]+)\/state$/, handle: (call) => state.world.stateEvents(visibleRoom(state, call)) },
    { method: 'GET', pattern: /^\/rooms\/([^/]+)\/state\/([^/]+)(?:\/([^/]*))?$/, handle: (call) => stateContent(state, call) },
  ];
}

function create(state: StandinState, { session, body }: RouteCall): unknown {
  const invitees = Array.isArray(body.invite) ? body.invite.map(String) : [];
  const preset = typeof body.preset === 'string' ? body.preset : undefined;
  const room = createRoom(state, session.userId, invitees, body.is_direct === true, preset);
  if (typeof body.name === 'string') state.world.append(room, session.userId, 'm.room.name', { name: body.name }, '');
  return { room_id: room.roomId };
}

function send(state: StandinState, { session, accessToken, params: [roomId, type, txnId], body }: RouteCall): unknown {
  const room = requireRoom(state, roomId);
  const key = `${accessToken}|${roomId}|${txnId}`;
  const known = state.transactions.get(key);
  if (known) return { event_id: known };
  requireJoined(state, room, session.userId);
  const event = state.world.append(room, session.userId, type, body);
  state.transactions.set(key, event.event_id);
  const text = (name: string): string | undefined => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  state.recording.addSent({
    roomId,
    eventId: event.event_id,
    sender: session.userId,
    type,
    txnId,
    content: body,
    body: text('body'),
    msgtype: text('msgtype'),
    format: text('format'),
    formatted_body: text('formatted_body'),
    at: new Date(),
  });
  return { event_id: event.event_id };
}

/** A room the caller is or was in (members and state are not visible to strangers). */
function visibleRoom(state: StandinState, { session, params: [roomId] }: RouteCall) {
  const room = requireRoom(state, roomId);
  if (state.world.membership(room, session.userId) === undefined) throw forbidden(`User ${session.userId} not in room ${roomId}`);
  return room;
}

function members(state: StandinState, call: RouteCall): unknown {
  const room = visibleRoom(state, call);
  const wanted = call.query.get('membership');
  const unwanted = call.query.get('not_membership');
  const chunk = state.world
    .stateEvents(room)
    .filter((event) => event.type === 'm.room.member')
    .filter((event) => (wanted === null || event.content.membership === wanted) && event.content.membership !== unwanted);
  return { chunk };
}

function joinedMembers(state: StandinState, call: RouteCall): unknown {
  const room = visibleRoom(state, call);
  const joined: Record<string, { display_name: string | null; avatar_url: string | null }> = {};
  for (const event of state.world.stateEvents(room)) {
    if (event.type === 'm.room.member' && event.content.membership === 'join') joined[event.state_key ?? ''] = { display_name: null, avatar_url: null };
  }
  return { joined };
}

function stateContent(state: StandinState, call: RouteCall): unknown {
  const room = visibleRoom(state, call);
  const [, type, stateKey] = call.params;
  const event = room.state.get(`${type}\u0000${stateKey ?? ''}`);
  if (!event) throw notFound('Event not found.');
  return event.content;
}
