import type { MatrixEvent, Room, World } from './world.ts';

/** How many recent timeline events an initial sync (no `since`) replays per joined room, like a homeserver. */
const INITIAL_TIMELINE_LIMIT = 10;

export interface SyncResponse {
  next_batch: string;
  account_data: { events: { type: string; content: Record<string, unknown> }[] };
  rooms: {
    join: Record<string, { timeline: { events: MatrixEvent[]; limited: boolean }; state: { events: MatrixEvent[] } }>;
    invite: Record<string, { invite_state: { events: MatrixEvent[] } }>;
    leave: Record<string, { timeline: { events: MatrixEvent[] } }>;
  };
}

export function tokenFor(position: number): string {
  return `s${position}`;
}

/** The position a `since` token stands for; undefined for no token or one this server never issued. */
export function parseToken(since: string | null): number | undefined {
  const match = since === null ? null : /^s(\d+)$/.exec(since);
  return match ? Number(match[1]) : undefined;
}

/** What `userId` should learn after stream position `since` (undefined = initial sync). */
export function buildSync(world: World, userId: string, since: number | undefined): SyncResponse {
  const response: SyncResponse = {
    next_batch: tokenFor(world.head),
    account_data: { events: world.accountDataSince(userId, since ?? 0) },
    rooms: { join: {}, invite: {}, leave: {} },
  };
  for (const room of world.rooms.values()) addRoom(world, room, userId, since, response);
  return response;
}

function addRoom(world: World, room: Room, userId: string, since: number | undefined, response: SyncResponse): void {
  const membership = world.membership(room, userId);
  const fresh = room.events.filter((stored) => stored.position > (since ?? 0)).map((stored) => stored.event);
  if (membership === 'invite' && fresh.length > 0) {
    response.rooms.invite[room.roomId] = { invite_state: { events: inviteState(world, room) } };
  } else if (membership === 'join') {
    const events = since === undefined ? fresh.slice(-INITIAL_TIMELINE_LIMIT) : fresh;
    if (events.length === 0) return;
    const state = since === undefined ? world.stateEvents(room).filter((event) => !events.includes(event)) : [];
    response.rooms.join[room.roomId] = { timeline: { events, limited: events.length < fresh.length }, state: { events: state } };
  } else if (membership === 'leave' && since !== undefined && fresh.length > 0) {
    response.rooms.leave[room.roomId] = { timeline: { events: fresh } };
  }
}

/** Stripped state an invitee sees: the create event, join rules and memberships. */
function inviteState(world: World, room: Room): MatrixEvent[] {
  return world.stateEvents(room).filter((event) => ['m.room.create', 'm.room.join_rules', 'm.room.member', 'm.room.name'].includes(event.type));
}

/** Parked long polls: each waits for a change to its user's view, its timeout, or release (close). */
export class SyncWaiters {
  private readonly parked = new Set<() => void>();
  private released = false;

  constructor(private readonly world: World) {}

  get parkedCount(): number {
    return this.parked.size;
  }

  async sync(userId: string, since: number | undefined, timeoutMs: number, hangUp: AbortSignal): Promise<SyncResponse> {
    const now = buildSync(this.world, userId, since);
    if (since === undefined || hasNews(now) || timeoutMs <= 0 || this.released) return now;
    await new Promise<void>((resolve) => {
      let unsubscribe = (): void => {};
      const done = (): void => {
        clearTimeout(timer);
        unsubscribe();
        this.parked.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      unsubscribe = this.world.onChange(() => {
        if (hasNews(buildSync(this.world, userId, since))) done();
      });
      hangUp.addEventListener('abort', done, { once: true });
      this.parked.add(done);
    });
    return buildSync(this.world, userId, since);
  }

  /** Answers every parked sync now, and every later one at once (the server is closing). */
  release(): void {
    this.released = true;
    for (const done of [...this.parked]) done();
  }
}

function hasNews(response: SyncResponse): boolean {
  const { join, invite, leave } = response.rooms;
  return response.account_data.events.length > 0 || [join, invite, leave].some((rooms) => Object.keys(rooms).length > 0);
}
