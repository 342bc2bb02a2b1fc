import { notFound, RestError } from './errors.ts';
import { noContent, ok, type Route, type RouteAnswer, type RouteContext } from './route.ts';
import type { InteractionRecord, SentMessage, StandinState } from './state.ts';
import { userPayload } from './world.ts';

const EPHEMERAL = 64;
const LOADING = 128;

function interactionFor({ state, params }: RouteContext): InteractionRecord {
  const interaction = state.interactions.get(params.interaction);
  if (!interaction || interaction.token !== params.token) throw notFound('interaction', 10062);
  return interaction;
}

function webhookInteraction({ state, params }: RouteContext): InteractionRecord {
  if (params.app !== state.appId) throw notFound('Webhook', 10015);
  const interaction = state.interactionByToken(params.token);
  if (!interaction) throw notFound('Webhook', 10015);
  return interaction;
}

function flagsOf(data: Record<string, unknown>): number {
  return typeof data.flags === 'number' ? data.flags : 0;
}

/** Applies one callback to the interaction; returns the message it created or changed, if any. */
function applyCallback(state: StandinState, interaction: InteractionRecord, type: number, data: Record<string, unknown>): SentMessage | undefined {
  const allowed: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
  if (!(allowed[interaction.type] ?? []).includes(type)) throw new RestError(400, 50035, `Invalid Form Body: callback type ${type} is not valid for interaction type ${interaction.type}`);
  interaction.callbackType = type;
  if (type === 4 || type === 5) {
    interaction.ephemeral = (flagsOf(data) & EPHEMERAL) !== 0;
    const body = type === 5 ? { content: '', flags: flagsOf(data) | LOADING } : data;
    interaction.original = state.recordSent(interaction.channelId, state.ids.next(), body, { interaction_metadata: interactionMetadata(interaction) }, interaction.id);
    return interaction.original;
  }
  if (type === 6 && interaction.sourceMessageId) {
    // A deferred update: the interaction's @original is the message its component sits on.
    interaction.original = state.sent.find((message) => message.messageId === interaction.sourceMessageId);
    return interaction.original;
  }
  if (type === 7 && interaction.sourceMessageId) {
    const source = state.sent.find((message) => message.messageId === interaction.sourceMessageId);
    if (source) return state.recordSent(source.channelId, source.messageId, data, {}, source.interactionId);
  }
  return undefined;
}

function interactionMetadata(interaction: InteractionRecord): Record<string, unknown> {
  const owners = interaction.guildId ? { '0': interaction.guildId } : { '1': interaction.user.id };
  return { id: interaction.id, type: interaction.type, user: userPayload(interaction.user), authorizing_integration_owners: owners };
}

function callback(context: RouteContext): RouteAnswer {
  const interaction = interactionFor(context);
  if (interaction.callbackType !== undefined) throw new RestError(400, 40060, 'Interaction has already been acknowledged.');
  const body = (context.body ?? {}) as { type?: unknown; data?: unknown };
  if (typeof body.type !== 'number') throw new RestError(400, 50035, 'Invalid Form Body');
  const message = applyCallback(context.state, interaction, body.type, (body.data ?? {}) as Record<string, unknown>);
  if (context.query.with_response !== 'true') return noContent();
  return ok({
    interaction: {
      id: interaction.id,
      type: interaction.type,
      response_message_id: message?.messageId,
      response_message_loading: body.type === 5,
      response_message_ephemeral: interaction.ephemeral,
    },
    resource: { type: body.type, ...(message ? { message: message.message } : {}) },
  });
}

function targetMessage(context: RouteContext, interaction: InteractionRecord): SentMessage {
  const id = context.params.message;
  const found = id === '@original' ? interaction.original : context.state.sent.find((message) => message.messageId === id && message.interactionId === interaction.id);
  if (!found) throw notFound('Message', 10008);
  return found;
}

function editMessage(context: RouteContext): RouteAnswer {
  const interaction = webhookInteraction(context);
  const target = targetMessage(context, interaction);
  const data = { ...((context.body ?? {}) as Record<string, unknown>) };
  // An edit of a deferred reply ends the "thinking…" state but keeps it ephemeral.
  data.flags = flagsOf(target.body) & ~LOADING;
  return ok(context.state.recordSent(target.channelId, target.messageId, data, {}, interaction.id).message);
}

function followUp(context: RouteContext): RouteAnswer {
  const interaction = webhookInteraction(context);
  if (interaction.callbackType === undefined) throw notFound('Webhook', 10015);
  const data = (context.body ?? {}) as Record<string, unknown>;
  const sent = context.state.recordSent(interaction.channelId, context.state.ids.next(), data, { webhook_id: context.state.appId }, interaction.id);
  return context.query.wait === 'false' ? noContent() : ok(sent.message);
}

function deleteReply(context: RouteContext): RouteAnswer {
  const interaction = webhookInteraction(context);
  const target = targetMessage(context, interaction);
  context.state.sent.splice(context.state.sent.indexOf(target), 1);
  if (target === interaction.original) interaction.original = undefined;
  return noContent();
}

/** Interaction callbacks and the interaction webhook (`@original` edits, follow-ups). */
export function interactionRoutes(): Route[] {
  return [
    { method: 'POST', pattern: '/interactions/:interaction/:token/callback', handle: callback },
    { method: 'PATCH', pattern: '/webhooks/:app/:token/messages/:message', handle: editMessage },
    { method: 'GET', pattern: '/webhooks/:app/:token/messages/:message', handle: (context) => ok(targetMessage(context, webhookInteraction(context)).message) },
    { method: 'DELETE', pattern: '/webhooks/:app/:token/messages/:message', handle: deleteReply },
    { method: 'POST', pattern: '/webhooks/:app/:token', handle: followUp },
  ];
}
