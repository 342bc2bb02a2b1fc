// `npm run bench -- <name>`: runs bench/<name>.ts and prints its figures.
const BENCHES: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  broadcast: () => import('./broadcast.ts'),
  'invite-page': () => import('./invite-page.ts'),
  signup: () => import('./signup.ts'),
};

const [name, ...rest] = process.argv.slice(2);
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
const bench = await load();
await bench.main(rest);
process.exit(0);
