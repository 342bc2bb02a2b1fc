import { DiscordAPIError, Routes, type REST } from 'discord.js';

/** The parts of a Discord user (REST payload) the look-up needs. */
interface UserPayload {
  id: string;
  username: string;
}

const UNKNOWN_USER = 10013;
/** Discord's own id format: a snowflake, 17–20 digits. */
const SNOWFLAKE = /^\d{15,20}$/;
/** Member search answers names that *start with* the query; enough candidates to find the exact one. */
const SEARCH_LIMIT = 25;

/**
 * A handle typed on the sign-up page → the Discord user: an id is fetched (GET /users/{id}); a
 * username (with or without `@`, any case) is searched among the guild's members and must match
 * exactly, never a prefix or a display name. Null when there is no such person.
 */
export async function lookUpDiscordUser(rest: REST, guildId: string | undefined, handle: string): Promise<{ userId: string; handle: string } | null> {
  const text = handle.trim().replace(/^@/, '');
  if (text === '') return null;
  if (SNOWFLAKE.test(text)) {
    const byId = await fetchUser(rest, text);
    if (byId) return byId;
  }
  if (!guildId) return null;
  const members = (await rest.get(Routes.guildMembersSearch(guildId), {
    query: new URLSearchParams({ query: text, limit: String(SEARCH_LIMIT) }),
  })) as { user?: UserPayload }[];
  const wanted = text.toLowerCase();
  const match = members.find((member) => member.user?.username.toLowerCase() === wanted)?.user;
  return match ? { userId: match.id, handle: match.username } : null;
}

async function fetchUser(rest: REST, id: string): Promise<{ userId: string; handle: string } | null> {
  try {
    const user = (await rest.get(Routes.user(id))) as UserPayload;
    return { userId: user.id, handle: user.username };
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === UNKNOWN_USER || error.status === 404)) return null;
    throw error;
  }
}
