// SKELETON: the CLI work fills this in (start | demo | run | console | doctor | migrate | apikey).
export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`doorman: not built yet (${argv.join(' ')})\n`);
  return 1;
}
