import type { Message } from 'grammy/types';
import { stringParam, type UploadedFile } from './body.ts';
import type { ApiCall, StandinState } from './call.ts';
import { badRequest } from './errors.ts';
import { inlineKeyboard } from './keyboard.ts';
import { botMessage, entitiesParam, recordSent } from './outgoing.ts';
import { captionText } from './text.ts';

/**
 * sendDocument: the file arrives as a multipart part that `document` points at with attach://<part>
 * (grammY's InputFile), as a part named `document`, or as a text reference (file_id or URL).
 */
export function sendDocument(state: StandinState, call: ApiCall): Message {
  const chat = state.world.chatToSendTo(call.params.chat_id);
  const upload = uploadedDocument(call);
  const reference = upload ? undefined : stringParam(call.params.document);
  if (!upload && !reference) throw badRequest('there is no document in the request');
  const caption = captionText(call.params.caption, stringParam(call.params.parse_mode), entitiesParam(call.params.caption_entities));
  const markup = inlineKeyboard(call.params.reply_markup);
  const serial = state.world.nextSerial();
  const document = {
    file_id: `stand-in-document-${serial}`,
    file_unique_id: `stand-in-unique-${serial}`,
    ...(upload ? { file_name: upload.fileName, file_size: upload.content.length } : {}),
    ...(upload?.contentType ? { mime_type: upload.contentType } : {}),
  };
  const content = {
    document,
    ...(caption.text ? { caption: caption.text } : {}),
    ...(caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
  };
  const message = botMessage(state, chat, content, markup);
  state.world.store(message, true);
  const recorded = upload ? { fileName: upload.fileName, content: upload.content, contentType: upload.contentType } : undefined;
  recordSent(state, 'sendDocument', call, message, caption, recorded ? { document: recorded } : {});
  return message;
}

function uploadedDocument(call: ApiCall): UploadedFile | undefined {
  const pointer = stringParam(call.params.document);
  if (pointer?.startsWith('attach://')) {
    const field = pointer.slice('attach://'.length);
    const file = call.files.find((candidate) => candidate.field === field);
    if (!file) throw badRequest(`file ${field} was not found in the request`);
    return file;
  }
  return call.files.find((candidate) => candidate.field === 'document');
}
