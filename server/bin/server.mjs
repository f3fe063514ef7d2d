#!/usr/bin/env node
// Starts the server (TypeScript sources run through tsx).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main();
