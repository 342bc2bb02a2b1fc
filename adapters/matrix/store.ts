import type { IFilterInfo, IStorageProvider } from 'matrix-bot-sdk';

/**
 * What the Matrix adapter keeps in Doorman's database. The adapter never imports src/db: src/app.ts
 * hands it the repository (src/db/repositories/matrix.repository.ts), which has exactly these methods.
 */
export interface MatrixStore {
  readValue(key: string): Promise<string | null>;
  /** null removes the key. */
  writeValue(key: string, value: string | null): Promise<void>;
  /** The direct room remembered for this person, or null. */
  dmRoomOf(userId: string): Promise<string | null>;
  rememberDmRoom(userId: string, roomId: string): Promise<void>;
  /** Forgets `roomId` for this person (a room they left); a newer room stays. */
  forgetDmRoom(userId: string, roomId: string): Promise<void>;
}

/** The key of the access token `doorman matrix login` stored; `matrix.access_token` wins when set. */
export const ACCESS_TOKEN_KEY = 'access_token';

/**
 * matrix-bot-sdk's storage over the database, per bot account: the sync token (kept across restarts,
 * so a homeserver never replays old commands to the bot), the filter and the SDK's own values.
 * It also tells whether the events being handled come from a sync without a token (see `replaying`).
 */
export class DatabaseStorageProvider implements IStorageProvider {
  private startedWithoutToken = false;
  private tokensSaved = 0;
  private closed = false;

  constructor(
    private readonly store: MatrixStore,
    /** The bot's user id: a token stored for another account is never used. */
    private readonly botUserId: string,
  ) {}

  /**
   * True while the first sync of a bot that had no sync token is handled: the homeserver replays
   * recent history then, which Doorman cannot tell from new messages, so none of it is run. (The
   * SDK saves the next token before it hands out a sync's events, so the count tells the syncs apart.)
   */
  get replaying(): boolean {
    return this.startedWithoutToken && this.tokensSaved <= 1;
  }

  async getSyncToken(): Promise<string | null> {
    const token = await this.store.readValue(this.key('sync_token'));
    this.startedWithoutToken = token === null;
    this.tokensSaved = 0;
    return token;
  }

  /**
   * After the adapter stopped, nothing is written: the SDK's stopped loop may still receive the
   * answer of its last long poll and would save its token (for events it no longer handles).
   */
  close(): void {
    this.closed = true;
  }

  async setSyncToken(token: string | null): Promise<void> {
    this.tokensSaved++;
    if (this.closed) throw new Error('the Matrix bot has stopped');
    await this.store.writeValue(this.key('sync_token'), token);
  }

  async getFilter(): Promise<IFilterInfo> {
    const stored = await this.store.readValue(this.key('filter'));
    return (stored ? JSON.parse(stored) : null) as IFilterInfo;
  }

  async setFilter(filter: IFilterInfo): Promise<void> {
    await this.store.writeValue(this.key('filter'), JSON.stringify(filter));
  }

  async storeValue(key: string, value: string): Promise<void> {
    if (this.closed) return;
    await this.store.writeValue(this.key(`kv:${key}`), value);
  }

  async readValue(key: string): Promise<string | null> {
    return this.store.readValue(this.key(`kv:${key}`));
  }

  private key(name: string): string {
    return `${name}:${this.botUserId}`;
  }
}
