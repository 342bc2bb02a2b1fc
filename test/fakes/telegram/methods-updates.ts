import type { Update } from 'grammy/types';
import { arrayParam, boolParam, intParam, stringParam } from './body.ts';
import type { ApiCall, MethodHandler, StandinState } from './call.ts';
import { badRequest, conflict } from './errors.ts';

/** getUpdates (long polling) and the webhook settings. */
export function updateMethods(state: StandinState): Record<string, MethodHandler> {
  return {
    getUpdates: (call) => getUpdates(state, call),
    setWebhook: (call) => setWebhook(state, call),
    deleteWebhook: (call) => {
      state.webhook.url = '';
      state.webhook.secretToken = undefined;
      if (boolParam(call.params.drop_pending_updates)) state.updates.remove(() => true);
      return true;
    },
    getWebhookInfo: () => ({
      url: state.webhook.url,
      has_custom_certificate: false,
      pending_update_count: state.updates.pendingCount,
      ...(state.webhook.url && state.webhook.maxConnections ? { max_connections: state.webhook.maxConnections } : {}),
      ...(state.webhook.url && state.webhook.allowedUpdates ? { allowed_updates: state.webhook.allowedUpdates } : {}),
    }),
  };
}

function getUpdates(state: StandinState, call: ApiCall): Promise<Update[]> {
  if (state.webhook.url) {
    throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const request = {
    offset: intParam(call.params.offset),
    limit: intParam(call.params.limit),
    timeoutSeconds: intParam(call.params.timeout) ?? 0,
    allowedUpdates: arrayParam(call.params.allowed_updates, 'allowed_updates') as string[] | undefined,
  };
  return state.updates.poll(request, call.signal);
}

/**
 * Records the webhook. Like a self-hosted Bot API server in --local mode, any http(s) URL and port
 * is accepted (Telegram's own servers demand HTTPS on 443, 80, 88 or 8443).
 */
function setWebhook(state: StandinState, call: ApiCall): boolean {
  const url = stringParam(call.params.url) ?? '';
  const secretToken = stringParam(call.params.secret_token);
  if (url !== '' && !/^https?:\/\/[^/\s]+/i.test(url)) throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest('secret token contains unallowed characters');
  }
  state.webhook.url = url;
  state.webhook.secretToken = url ? secretToken : undefined;
  state.webhook.maxConnections = intParam(call.params.max_connections);
  state.webhook.allowedUpdates = arrayParam(call.params.allowed_updates, 'allowed_updates') as string[] | undefined;
  if (boolParam(call.params.drop_pending_updates)) state.updates.remove(() => true);
  return true;
}
