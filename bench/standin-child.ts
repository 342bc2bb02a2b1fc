// The Jellyfin stand-in in its own process, as a real Jellyfin would be: its work does not share
// Doorman's event loop. Driven over IPC by bench/support.ts.
import { JellyfinStandin } from '../src/jellyfin/standin/index.ts';

type Command = { id: number; op: 'seedTemplate' | 'countCalls' | 'clearRequests' | 'close' };

const standin = await JellyfinStandin.start({ version: '10.11' });

function seedTemplate(): string {
  const [movies, shows] = standin.libraries();
  const template = standin.addUser('template', {
    policy: { EnableAllFolders: false, EnabledFolders: [movies.Id, shows.Id], EnableContentDownloading: false, MaxActiveSessions: 2 },
    configuration: { SubtitleMode: 'Always', OrderedViews: [shows.Id, movies.Id] },
  });
  standin.setDisplayPreferences(template, 'emby', { CustomPrefs: { homesection0: 'resume', homesection1: 'nextup' } });
  return 'template';
}

process.on('message', async (command: Command) => {
  let result: unknown = null;
  if (command.op === 'seedTemplate') result = seedTemplate();
  if (command.op === 'countCalls') result = standin.requests.filter((r) => r.route !== 'POST /Users/AuthenticateByName').length;
  if (command.op === 'clearRequests') standin.clearRequests();
  if (command.op === 'close') await standin.close();
  process.send?.({ id: command.id, result });
  if (command.op === 'close') process.exit(0);
});

process.send?.({ id: 0, result: standin.url });
