/** A Matrix event as the client-server API hands it out. */
export interface MatrixEvent {
  event_id: string;
  type: string;
  room_id: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  unsigned?: Record<string, unknown>;
}

export type Membership = 'invite' | 'join' | 'leave';

/** An event stored with its position in the one server-wide stream (sync tokens count positions). */
export interface StoredEvent {
  position: number;
  event: MatrixEvent;
}

export interface Room {
  roomId: string;
  creator: string;
  isDirect: boolean;
  events: StoredEvent[];
  /** Current state: `${type}\u0000${stateKey}` → event. */
  state: Map<string, MatrixEvent>;
}

interface AccountDataEntry {
  content: Record<string, unknown>;
  position: number;
}

/** Rooms, memberships, events and account data: the homeserver's whole memory. */
export class World {
  readonly rooms = new Map<string, Room>();
  private readonly accountData = new Map<string, Map<string, AccountDataEntry>>();
  private position = 0;
  private counter = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly serverName: string) {}

  /** The stream position of the newest change. */
  get head(): number {
    return this.position;
  }

  /** Calls `listener` after every change (parked syncs wake up); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  newId(sigil: '!' | '$', prefix: string): string {
    this.counter += 1;
    return sigil === '!' ? `!${prefix}${this.counter}:${this.serverName}` : `$${prefix}${this.counter}`;
  }

  createRoom(creator: string, isDirect: boolean): Room {
    const room: Room = { roomId: this.newId('!', 'room'), creator, isDirect, events: [], state: new Map() };
    this.rooms.set(room.roomId, room);
    this.append(room, creator, 'm.room.create', { creator, room_version: '10' }, '');
    this.append(room, creator, 'm.room.member', { membership: 'join' }, creator);
    return room;
  }

  room(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /** Adds an event to the room's timeline (and its state when stateKey is given). */
  append(room: Room, sender: string, type: string, content: Record<string, unknown>, stateKey?: string): MatrixEvent {
    this.position += 1;
    const event: MatrixEvent = {
      event_id: this.newId('$', 'event'),
      type,
      room_id: room.roomId,
      sender,
      origin_server_ts: Date.now(),
      content,
      ...(stateKey === undefined ? {} : { state_key: stateKey }),
      unsigned: { age: 0 },
    };
    room.events.push({ position: this.position, event });
    if (stateKey !== undefined) room.state.set(`${type}\u0000${stateKey}`, event);
    this.changed();
    return event;
  }

  setMembership(room: Room, sender: string, userId: string, membership: Membership, extra: Record<string, unknown> = {}): MatrixEvent {
    return this.append(room, sender, 'm.room.member', { membership, ...extra }, userId);
  }

  membership(room: Room, userId: string): Membership | undefined {
    return room.state.get(`m.room.member\u0000${userId}`)?.content.membership as Membership | undefined;
  }

  /** Room ids where `userId`'s current membership is `membership`. */
  roomsWith(userId: string, membership: Membership): string[] {
    return [...this.rooms.values()].filter((room) => this.membership(room, userId) === membership).map((room) => room.roomId);
  }

  stateEvents(room: Room): MatrixEvent[] {
    return [...room.state.values()];
  }

  getAccountData(userId: string, type: string): Record<string, unknown> | undefined {
    return this.accountData.get(userId)?.get(type)?.content;
  }

  setAccountData(userId: string, type: string, content: Record<string, unknown>): void {
    this.position += 1;
    const mine = this.accountData.get(userId) ?? new Map<string, AccountDataEntry>();
    mine.set(type, { content, position: this.position });
    this.accountData.set(userId, mine);
    this.changed();
  }

  /** Account data of `userId` changed after `since`, as sync events. */
  accountDataSince(userId: string, since: number): { type: string; content: Record<string, unknown> }[] {
    const mine = this.accountData.get(userId) ?? new Map<string, AccountDataEntry>();
    return [...mine.entries()].filter(([, entry]) => entry.position > since).map(([type, entry]) => ({ type, content: entry.content }));
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
