import { Gateway, type IdentifyRecord, type PrivilegedIntents } from './gateway.ts';
import { autocompleteInteraction, buttonInteraction, modalInteraction, slashCommandInteraction, type InteractionPlace, type SlashCommandInput } from './interactions.ts';
import type { RecordedRequest } from './recording.ts';
import { coreRoutes } from './routes-core.ts';
import { guildRoutes } from './routes-guild.ts';
import { interactionRoutes } from './routes-interactions.ts';
import { RestServer } from './server.ts';
import { StandinState, type InteractionRecord, type SentMessage } from './state.ts';
import { completeGuild, Snowflakes, guildCreatePayload, memberPayload, userPayload, type StandinGuild, type StandinMember, type StandinUser } from './world.ts';

/** Discord's "thinking…" flag on a deferred reply. */
const LOADING = 128;

export interface DiscordStandinOptions {
  /** Default '900000000000000001'. */
  appId?: string;
  /** Default: the application id (as for bots made in the Developer Portal). */
  botUserId?: string;
  /** Default 'doorman-test'. */
  botUsername?: string;
  /** Default 'standin-bot-token'. */
  token?: string;
  /** The one guild the bot is in; none by default. */
  guild?: StandinGuild;
}

/**
 * A local stand-in for Discord (REST v10 + gateway) that the real discord.js 14 talks to through
 * `new Client({ rest: { api: restBase } })`. Users act through userRunsSlashCommand / userPressesButton /
 * userSubmitsModal; faults come on demand (rateLimitNext, closeDms, privilegedIntents, closeNextIdentifyWith).
 */
export class DiscordStandin {
  /** `http://127.0.0.1:PORT/api` — what discord.js takes as `rest.api` (it appends `/v10`); Doorman's `discord.api_root`. */
  readonly restBase: string;
  readonly token: string;
  readonly appId: string;
  readonly bot: StandinUser;
  /** Privileged intents switched on in the "Developer Portal"; all on by default. Turning one off makes IDENTIFY close with 4014. */
  privilegedIntents: PrivilegedIntents = { guildMembers: true, presence: true, messageContent: true };
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly state: StandinState,
    private readonly gateway: Gateway,
    private readonly server: RestServer,
  ) {
    this.restBase = `http://127.0.0.1:${server.port}/api`;
    this.token = state.token;
    this.appId = state.appId;
    this.bot = state.bot;
  }

  static async start(options: DiscordStandinOptions = {}): Promise<DiscordStandin> {
    const appId = options.appId ?? '900000000000000001';
    const bot: StandinUser = { id: options.botUserId ?? appId, username: options.botUsername ?? 'doorman-test', bot: true };
    const ids = new Snowflakes();
    const guild = options.guild ? completeGuild(options.guild, bot, ids) : undefined;
    const state = new StandinState(options.token ?? 'standin-bot-token', appId, bot, guild, ids);
    let standin: DiscordStandin | undefined;
    let port = 0;
    const gateway = new Gateway({
      token: state.token,
      privilegedIntents: () => standin?.privilegedIntents ?? { guildMembers: true, presence: true, messageContent: true },
      newSessionId: () => `session-${state.ids.next()}`,
      helloDispatches: (sessionId) => helloDispatches(state, sessionId, `ws://127.0.0.1:${port}/gateway`),
    });
    const routes = [
      ...coreRoutes(() => `ws://127.0.0.1:${port}/gateway`),
      ...interactionRoutes(),
      ...guildRoutes((changed, member) => gateway.dispatch('GUILD_MEMBER_UPDATE', memberUpdatePayload(state, changed, member))),
    ];
    const server = await RestServer.listen(state, routes, gateway);
    port = server.port;
    standin = new DiscordStandin(state, gateway, server);
    return standin;
  }

  /** Drops gateway sockets, waits for in-flight REST answers (≤ 1 s), closes. Destroy the client first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.gateway.close();
      await this.server.close();
    })();
    return this.closing;
  }

  // ── what users do (each needs a logged-in client: an identified gateway session) ─────────────

  /** INTERACTION_CREATE type 2 (in the guild by default, or `{ dm: true }`); returns the interaction id. */
  userRunsSlashCommand(user: StandinUser, command: SlashCommandInput, place: InteractionPlace = {}): string {
    return this.dispatchInteraction(slashCommandInteraction(this.state, user, command, place));
  }

  /** INTERACTION_CREATE type 4: the user is typing option `focused` (its partial value is in `options`); answer with callback 8. */
  userTypesOption(user: StandinUser, command: SlashCommandInput & { focused: string }, place: InteractionPlace = {}): string {
    return this.dispatchInteraction(autocompleteInteraction(this.state, user, command, place));
  }

  /** The choices the bot offered for an autocomplete interaction (callback type 8), once it answered. */
  async waitForChoices(interactionId: string, timeoutMs = 3000): Promise<{ name: string; value: unknown }[]> {
    const request = await this.waitFor((candidate) => candidate.path.startsWith(`/interactions/${interactionId}/`), timeoutMs);
    return ((request.body as { data?: { choices?: { name: string; value: unknown }[] } } | undefined)?.data?.choices ?? []);
  }

  /** INTERACTION_CREATE type 3: the user presses the button `customId` on `message`; returns the interaction id. */
  userPressesButton(user: StandinUser, message: SentMessage | Record<string, unknown>, customId: string): string {
    return this.dispatchInteraction(buttonInteraction(this.state, user, message, customId));
  }

  /** INTERACTION_CREATE type 5: the user submits modal `customId` with text-input values by custom_id. */
  userSubmitsModal(user: StandinUser, customId: string, fields: Record<string, string>, place: InteractionPlace = {}): string {
    return this.dispatchInteraction(modalInteraction(this.state, user, customId, fields, place));
  }

  /** Changes a guild member (roles, nick) and dispatches GUILD_MEMBER_UPDATE, as when an admin edits them in Discord. */
  memberUpdate(userId: string, change: { roles?: string[]; nick?: string | null }): void {
    const guild = this.requireGuild();
    const member = guild.members.find((candidate) => candidate.user.id === userId);
    if (!member) throw new Error(`Discord stand-in: ${userId} is not a member of the guild`);
    if (change.roles) member.roles = [...change.roles];
    if (change.nick !== undefined) member.nick = change.nick;
    this.requireSession(this.gateway.dispatch('GUILD_MEMBER_UPDATE', memberUpdatePayload(this.state, guild, member)));
  }

  /** Adds a guild member (dispatches GUILD_MEMBER_ADD when a session is ready). */
  addMember(member: StandinMember): void {
    const guild = this.requireGuild();
    guild.members.push({ ...member, roles: [...member.roles] });
    this.state.users.set(member.user.id, member.user);
    this.gateway.dispatch('GUILD_MEMBER_ADD', { ...memberPayload(member, this.state.startedAt), guild_id: guild.id });
  }

  /** A user the bot may look up (GET /users/{id}) and DM without sharing the guild. */
  addUser(user: StandinUser): void {
    this.state.users.set(user.id, user);
  }

  /** The user's DMs are closed: POST /channels/{dm}/messages answers 403 {code:50007}. */
  closeDms(userId: string): void {
    this.state.dmsClosed.add(userId);
  }

  openDms(userId: string): void {
    this.state.dmsClosed.delete(userId);
  }

  /** Current roles of a guild member (after the bot's PUT/DELETE). */
  memberRoles(userId: string): string[] {
    return [...(this.requireGuild().members.find((member) => member.user.id === userId)?.roles ?? [])];
  }

  // ── faults ───────────────────────────────────────────────────────────────────────────────────

  /** The next `times` requests matching `routePattern` (`'PUT /applications/:app/commands'` or a bare path pattern) answer 429 with retry_after. */
  rateLimitNext(routePattern: string, retryAfterSeconds: number, times = 1): void {
    this.server.rateLimitNext(routePattern, retryAfterSeconds, times);
  }

  /** The next IDENTIFY is answered by closing the gateway with `code` (4004, 4013, 4014…). */
  closeNextIdentifyWith(code: number, reason = 'Closed by the stand-in.'): void {
    this.gateway.closeNextIdentifyWith(code, reason);
  }

  /** Closes every gateway session now with `code`. */
  closeGateway(code: number, reason = 'Closed by the stand-in.'): void {
    this.gateway.closeSessions(code, reason);
  }

  // ── what the bot did ─────────────────────────────────────────────────────────────────────────

  /** Every REST call in arrival order (paths decoded, without `/api/v10`). */
  get requests(): readonly RecordedRequest[] {
    return this.state.recording.requests;
  }

  /** Every IDENTIFY the gateway received (intents, whether the token matched). */
  get identifies(): readonly IdentifyRecord[] {
    return this.gateway.identifies;
  }

  /** The callback and webhook requests (edits, follow-ups) the bot made for this interaction, in order. */
  interactionResponses(interactionId: string): RecordedRequest[] {
    const interaction = this.state.interactions.get(interactionId);
    if (!interaction) return [];
    return this.state.recording.requests.filter(
      (request) => request.path.startsWith(`/interactions/${interactionId}/`) || request.path.startsWith(`/webhooks/${this.appId}/${interaction.token}`),
    );
  }

  /** What the stand-in knows about an interaction: callback type, ephemeral, the original reply as it is now. */
  interaction(interactionId: string): InteractionRecord | undefined {
    return this.state.interactions.get(interactionId);
  }

  /** Messages the bot delivered to the user's DM channel (refused ones are not here), oldest first. */
  dmsTo(userId: string): SentMessage[] {
    const channelId = this.state.dmChannels.get(userId);
    return this.state.sent.filter((message) => message.channelId === channelId && message.interactionId === undefined);
  }

  /** Every message the bot created (channel messages, interaction replies, follow-ups), as edited since. */
  get sent(): readonly SentMessage[] {
    return this.state.sent;
  }

  /** The command list last bulk-overwritten: `'global'` or a guild id. */
  commands(scope: 'global' | string = 'global'): Record<string, unknown>[] {
    return this.state.commands.read(scope);
  }

  /** The first answered REST request matching (already recorded or arriving later); rejects after timeoutMs with a dump. */
  waitFor(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs = 3000): Promise<RecordedRequest> {
    return this.state.recording.waitFor(predicate, timeoutMs);
  }

  /** The interaction's visible answer once final: the reply (a deferred one only after its edit), for an update (type 7) the updated message, for a deferred update (6) that message once edited. */
  async waitForReply(interactionId: string, timeoutMs = 3000): Promise<SentMessage> {
    const settled = (): SentMessage | undefined => {
      const interaction = this.state.interactions.get(interactionId);
      if (interaction?.callbackType === 7) return this.state.sent.find((message) => message.messageId === interaction.sourceMessageId);
      // A deferred update (6) is final once the bot edited the message.
      if (interaction?.callbackType === 6) return this.interactionResponses(interactionId).some((request) => request.method === 'PATCH' && request.status !== null && request.status < 300) ? interaction.original : undefined;
      const original = interaction?.original;
      return original && (Number(original.body.flags ?? 0) & LOADING) === 0 ? original : undefined;
    };
    await this.waitFor(() => settled() !== undefined, timeoutMs);
    return settled() as SentMessage;
  }

  /** The next DM the bot delivers to this user from now on (call it before the action that sends it). */
  async nextDm(userId: string, timeoutMs = 3000): Promise<SentMessage> {
    const from = this.dmsTo(userId).length;
    await this.waitFor(() => this.dmsTo(userId).length > from, timeoutMs);
    return this.dmsTo(userId)[from];
  }

  /** Resolves once a gateway session is READY (the bot logged in); rejects after timeoutMs. */
  async waitForSession(timeoutMs = 3000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Discord stand-in: no gateway session became ready within ${timeoutMs} ms; identifies: ${JSON.stringify(this.identifies)}`)), timeoutMs);
    });
    try {
      await Promise.race([this.gateway.whenReady(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private dispatchInteraction(payload: Record<string, unknown>): string {
    this.requireSession(this.gateway.dispatch('INTERACTION_CREATE', payload));
    return payload.id as string;
  }

  private requireSession(delivered: number): void {
    if (delivered === 0) throw new Error('Discord stand-in: no gateway session is ready; log the client in (await its ready event) first');
  }

  private requireGuild(): StandinGuild {
    if (!this.state.guild) throw new Error('Discord stand-in: started without a guild');
    return this.state.guild;
  }
}

function helloDispatches(state: StandinState, sessionId: string, gatewayUrl: string): { ready: Record<string, unknown>; after: { t: string; d: unknown }[] } {
  const ready = {
    v: 10,
    user: { ...userPayload(state.bot), bot: true, verified: true, mfa_enabled: false, flags: 0 },
    guilds: state.guild ? [{ id: state.guild.id, unavailable: true }] : [],
    session_id: sessionId,
    resume_gateway_url: gatewayUrl,
    shard: [0, 1],
    application: { id: state.appId, flags: 0 },
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    _trace: ['discord-standin'],
  };
  const after = state.guild ? [{ t: 'GUILD_CREATE', d: guildCreatePayload(state.guild, state.bot.id, state.startedAt) }] : [];
  return { ready, after };
}

function memberUpdatePayload(state: StandinState, guild: StandinGuild, member: StandinMember): Record<string, unknown> {
  return { ...memberPayload(member, state.startedAt), guild_id: guild.id };
}
