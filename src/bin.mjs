#!/usr/bin/env node
// Runs Doorman from its TypeScript sources: tsx's loader is registered first, so no build step exists.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
