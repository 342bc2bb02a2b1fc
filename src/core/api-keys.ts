import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { createRepositories, type Repositories } from '../db/repositories/index.ts';
import type { ApiKeyRow } from '../db/tables/api-keys.table.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import type { ApiKeyView } from './views.ts';

export const API_KEY_MARKER = 'dm_';
const PREFIX_LENGTH = 8;

/** `dm_` + 32 random bytes in base64url: 256 bits, and recognisable in a leaked log or paste. */
export function newApiKey(): string {
  return API_KEY_MARKER + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The characters after `dm_` that lists show; null when the text is not shaped like a key. */
export function apiKeyPrefix(key: string): string | null {
  if (!key.startsWith(API_KEY_MARKER) || key.length < API_KEY_MARKER.length + PREFIX_LENGTH) return null;
  return key.slice(API_KEY_MARKER.length, API_KEY_MARKER.length + PREFIX_LENGTH);
}

export class ApiKeyService {
  private readonly repos: Repositories;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.repos = createRepositories(db);
  }

  /** The key is returned once, here; only its SHA-256 is stored. */
  async create(name: string, createdBy: string | null): Promise<{ key: string; view: ApiKeyView }> {
    const label = (name ?? '').trim();
    if (label === '') throw new DomainError('validation', 'Give the key a name, e.g. the script that will use it.', { field: 'name' });
    const key = newApiKey();
    const row: ApiKeyRow = {
      id: randomUUID(),
      name: label,
      prefix: apiKeyPrefix(key)!,
      hash: hashApiKey(key),
      created_by: createdBy,
      created_at: this.clock.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.repos.apiKeys.insert(row);
    return { key, view: toView(row) };
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.repos.apiKeys.list()).map(toView);
  }

  /** By id, or by the start of the displayed prefix (with or without `dm_`). */
  async revoke(idOrPrefix: string): Promise<ApiKeyView> {
    const row = await this.find(idOrPrefix);
    await this.repos.apiKeys.revoke(row.id, this.clock.now().toISOString());
    return toView((await this.repos.apiKeys.findById(row.id))!);
  }

  /** The key's record when it is valid and not revoked; hashes are compared in constant time. */
  async verify(key: string): Promise<ApiKeyView | null> {
    if (typeof key !== 'string') return null;
    const prefix = apiKeyPrefix(key);
    if (!prefix) return null;
    const presented = Buffer.from(hashApiKey(key), 'hex');
    const candidates = await this.repos.apiKeys.listByPrefix(prefix);
    const match = candidates.find((row) => {
      const stored = Buffer.from(row.hash, 'hex');
      return stored.length === presented.length && timingSafeEqual(stored, presented);
    });
    if (!match || match.revoked_at !== null) return null;
    const now = this.clock.now().toISOString();
    await this.repos.apiKeys.touch(match.id, now);
    return toView({ ...match, last_used_at: now });
  }

  private async find(idOrPrefix: string): Promise<ApiKeyRow> {
    const wanted = (idOrPrefix ?? '').trim();
    const byId = wanted === '' ? undefined : await this.repos.apiKeys.findById(wanted);
    if (byId) return byId;
    const start = wanted.startsWith(API_KEY_MARKER) ? wanted.slice(API_KEY_MARKER.length) : wanted;
    // A whole key is matched by its hash; otherwise the text is the start of a displayed prefix.
    // The few keys are filtered here rather than with LIKE, whose `_` is also a base64url character.
    const hash = hashApiKey(wanted);
    const matches = (await this.repos.apiKeys.list()).filter((row) =>
      start.length > PREFIX_LENGTH ? row.hash === hash : start !== '' && row.prefix.startsWith(start),
    );
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      throw new DomainError('conflict', `Several API keys start with ${JSON.stringify(start)}: give more characters of the prefix, or the key's id.`, {
        field: 'key',
      });
    }
    throw new DomainError('not_found', `No API key has the id or prefix ${JSON.stringify(wanted)}. \`apikey list\` shows them.`);
  }
}

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_by: row.created_by,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}
