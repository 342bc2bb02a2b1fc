import { validateCommands } from './commands.ts';
import { cannotMessageUser, invalidFormBody, notFound, RestError } from './errors.ts';
import { noContent, ok, type Route, type RouteContext } from './route.ts';
import { userPayload } from './world.ts';

function commandsRoute(scopeOf: (context: RouteContext) => string): Pick<Route, 'handle'>['handle'] {
  return (context) => {
    const problem = validateCommands(context.body);
    if (problem) throw problem;
    return ok(context.state.commands.overwrite(scopeOf(context), context.body as Record<string, unknown>[]));
  };
}

function checkApp(context: RouteContext): void {
  if (context.params.app !== context.state.appId) throw notFound('Application', 10002);
}

function guildScope(context: RouteContext): string {
  checkApp(context);
  if (context.params.guild !== context.state.guild?.id) throw new RestError(403, 50001, 'Missing Access');
  return context.params.guild;
}

/** The gateway address, users, DMs, channel messages and application commands. */
export function coreRoutes(gatewayUrl: () => string): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/gateway/bot',
      handle: () => ok({ url: gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }),
    },
    { method: 'GET', pattern: '/gateway', handle: () => ok({ url: gatewayUrl() }) },
    { method: 'GET', pattern: '/users/@me', handle: ({ state }) => ok({ ...userPayload(state.bot), bot: true, verified: true, flags: 0 }) },
    {
      method: 'GET',
      pattern: '/users/:user',
      handle: ({ state, params }) => {
        const user = state.users.get(params.user);
        if (!user) throw notFound('User', 10013);
        return ok(userPayload(user));
      },
    },
    {
      method: 'GET',
      pattern: '/oauth2/applications/@me',
      handle: ({ state }) => ok({ id: state.appId, name: state.bot.username, description: '', bot_public: false, bot_require_code_grant: false, flags: 0, bot: userPayload(state.bot), icon: null }),
    },
    {
      method: 'POST',
      pattern: '/users/@me/channels',
      handle: ({ state, body }) => {
        const recipient = (body as { recipient_id?: unknown } | undefined)?.recipient_id;
        if (typeof recipient !== 'string' || !state.users.has(recipient)) throw new RestError(400, 50033, 'Invalid Recipient(s)');
        return ok(state.dmChannelPayload(recipient));
      },
    },
    { method: 'POST', pattern: '/channels/:channel/messages', handle: createMessage },
    { method: 'PUT', pattern: '/applications/:app/commands', handle: commandsRoute((context) => (checkApp(context), 'global')) },
    { method: 'GET', pattern: '/applications/:app/commands', handle: (context) => (checkApp(context), ok(context.state.commands.read('global'))) },
    { method: 'PUT', pattern: '/applications/:app/guilds/:guild/commands', handle: commandsRoute(guildScope) },
    { method: 'GET', pattern: '/applications/:app/guilds/:guild/commands', handle: (context) => ok(context.state.commands.read(guildScope(context))) },
    { method: 'DELETE', pattern: '/channels/:channel/messages/:message', handle: deleteMessage },
  ];
}

function createMessage({ state, params, body }: RouteContext): ReturnType<Route['handle']> {
  const channelId = params.channel;
  const recipient = state.dmRecipient(channelId);
  const isGuildChannel = state.guild?.channels?.some((channel) => channel.id === channelId) ?? false;
  if (!recipient && !isGuildChannel) throw notFound('Channel', 10003);
  if (recipient && state.dmsClosed.has(recipient)) throw cannotMessageUser();
  const message = (body ?? {}) as Record<string, unknown>;
  const hasContent = typeof message.content === 'string' && message.content.length > 0;
  const hasOther = [message.embeds, message.components, message.sticker_ids].some((list) => Array.isArray(list) && list.length > 0);
  if (!hasContent && !hasOther) throw new RestError(400, 50006, 'Cannot send an empty message');
  if (hasContent && (message.content as string).length > 2000) throw invalidFormBody('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  return ok(state.recordSent(channelId, state.ids.next(), message).message);
}

function deleteMessage({ state, params }: RouteContext): ReturnType<Route['handle']> {
  const at = state.sent.findIndex((message) => message.channelId === params.channel && message.messageId === params.message);
  if (at === -1) throw notFound('Message', 10008);
  state.sent.splice(at, 1);
  return noContent();
}
