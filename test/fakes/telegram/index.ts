export { TelegramStandin, type TelegramStandinOptions } from './standin.ts';
export type { RecordedRequest, SentMessage, SentButton } from './recording.ts';
export type { UserSendsOptions } from './users.ts';
export type { StandinUser, ChatType } from './world.ts';
export type { CommandScope } from './commands.ts';
export type { WebhookResponse } from './webhook.ts';
export type { UploadedFile } from './body.ts';
export { parseTelegramHtml, type FormattedText } from './html.ts';
export type { RateLimitOptions, AdmittedSend } from './rate-limit.ts';
