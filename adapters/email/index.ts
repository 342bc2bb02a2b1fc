import type { MarkdownIt as Markdown } from 'markdown-it';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { classifyEmailError, EmailDeliveryError } from './errors.ts';
import { emailMarkdown, renderEmail } from './render.ts';

export { classifyEmailError, EmailDeliveryError, isEmailDeliveryError, type EmailFailure } from './errors.ts';
export { emailMarkdown, markdownText, renderEmail, type EmailParts } from './render.ts';

/** The `email` config section (src/config/schema.ts), as this adapter reads it. */
export interface EmailSettings {
  smtp: { host: string; port: number; secure: boolean; starttls: boolean; username?: string; password?: string };
  /** `addr` or `Name <addr>`. */
  from: string;
}

export interface OutgoingEmail {
  to: string;
  /** Plain text. */
  subject: string;
  /** The message as Markdown (a catalogue rendering): sent as an HTML part and a plain-text part. */
  markdown: string;
  /** Announcements: adds a List-Unsubscribe header and, unless the text already has it, a visible opt-out link. */
  unsubscribeUrl?: string;
  /** The message's language, for the HTML part's `lang`. */
  lang?: string;
}

/** A deliberately loose check: nodemailer and the server judge the rest; this catches empty and pasted-wrong values. */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/**
 * nodemailer's options for the config: `secure` is TLS from the first byte; otherwise `starttls`
 * true requires the upgrade and false is plain SMTP (login allowed, no upgrade attempted). Pooled,
 * so an announcement reuses a few connections instead of opening one per message.
 */
export function smtpTransportOptions(settings: EmailSettings): SMTPPool.Options {
  const { smtp } = settings;
  return {
    pool: true,
    maxConnections: 3,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure && smtp.starttls,
    ignoreTLS: !smtp.secure && !smtp.starttls,
    auth: smtp.username ? { user: smtp.username, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

/**
 * Sends catalogue messages by email over SMTP. One pooled transport per instance; `close()` at shutdown.
 * `send` rejects with EmailDeliveryError (`permanent` or `temporary`) and never with anything else.
 */
export class EmailDelivery {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  private readonly md: Markdown = emailMarkdown();

  constructor(private readonly settings: EmailSettings) {
    this.transport = nodemailer.createTransport(smtpTransportOptions(settings));
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const to = email.to.trim();
    if (!ADDRESS.test(to)) throw new EmailDeliveryError('permanent', `"${to.slice(0, 80)}" is not an email address`);
    const markdown = withOptOut(email.markdown, email.unsubscribeUrl);
    const parts = renderEmail(this.md, { subject: email.subject, markdown, lang: email.lang });
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to,
        subject: email.subject,
        text: parts.text,
        html: parts.html,
        // RFC 8058 one-click: the mail client POSTs to the link, which Doorman's page accepts.
        ...(email.unsubscribeUrl ? { list: { unsubscribe: email.unsubscribeUrl }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
      });
      return { messageId: info.messageId };
    } catch (error) {
      throw classifyEmailError(error);
    }
  }

  /** Connects and logs in without sending anything (`doctor`); rejects with EmailDeliveryError. */
  async verify(): Promise<void> {
    try {
      await this.transport.verify();
    } catch (error) {
      throw classifyEmailError(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The opt-out link stays visible even when a template left it out: the header alone is easy to miss. */
function withOptOut(markdown: string, unsubscribeUrl: string | undefined): string {
  if (!unsubscribeUrl || markdown.includes(unsubscribeUrl)) return markdown;
  const link = unsubscribeUrl.replace(/[\s()<>]/g, encodeURIComponent);
  return `${markdown.trimEnd()}\n\n---\n\n[Unsubscribe](${link})`;
}
