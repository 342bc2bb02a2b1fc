import { announce, announceTemplateSend } from './announce.ts';
import { announceTemplateDelete, announceTemplateList, announceTemplateSave } from './announce-templates.ts';
import { apikeyCreate } from './apikey-create.ts';
import { apikeyList } from './apikey-list.ts';
import { apikeyRevoke } from './apikey-revoke.ts';
import { helpCommand } from './help.ts';
import { inviteCreate } from './invite-create.ts';
import { inviteList } from './invite-list.ts';
import { inviteRevoke } from './invite-revoke.ts';
import { inviteSend } from './invite-send.ts';
import { inviteShow } from './invite-show.ts';
import { lang } from './lang.ts';
import { link } from './link.ts';
import { me } from './me.ts';
import { messagePreview } from './message-preview.ts';
import { notify } from './notify.ts';
import { outboxRetry } from './outbox-retry.ts';
import { outboxStatus } from './outbox-status.ts';
import { profileCapture } from './profile-capture.ts';
import { profileDefault } from './profile-default.ts';
import { profileDelete } from './profile-delete.ts';
import { profileList } from './profile-list.ts';
import { profileRename } from './profile-rename.ts';
import { profileShow } from './profile-show.ts';
import { start } from './start.ts';
import type { CommandDef } from './types.ts';
import { unlink } from './unlink.ts';
import { userInfo } from './user-info.ts';
import { userLink } from './user-link.ts';
import { userList } from './user-list.ts';

/** Every command, in the order help lists them. Surfaces register and dispatch from this list. */
export const registry: readonly CommandDef[] = [
  start,
  link,
  unlink,
  me,
  lang,
  notify,
  inviteCreate,
  inviteSend,
  inviteList,
  inviteShow,
  inviteRevoke,
  profileCapture,
  profileList,
  profileShow,
  profileDefault,
  profileRename,
  profileDelete,
  userList,
  userInfo,
  userLink,
  apikeyCreate,
  apikeyList,
  apikeyRevoke,
  announce,
  announceTemplateSave,
  announceTemplateList,
  announceTemplateSend,
  announceTemplateDelete,
  outboxStatus,
  outboxRetry,
  messagePreview,
  helpCommand(() => registry),
];
