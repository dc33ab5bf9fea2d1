#!/usr/bin/env node
/**
 * Writes dist/src/schema/event-validators.cjs: every event type's validator as Ajv's
 * standalone code, from the schema and options of dist/src/schema/compiled-validator.js
 * (`standaloneValidatorsSource`), so bulk loading need not compile them in every process
 * and worker thread (issue 12: about half a second each). `npm run build` runs it after tsc.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'dist', 'src', 'schema');
const { STANDALONE_FILE, standaloneValidatorsSource } = await import(pathToFileURL(join(dir, 'compiled-validator.js')).href);
const source = standaloneValidatorsSource();
writeFileSync(join(dir, STANDALONE_FILE), source);
console.log(`wrote ${join(dir, STANDALONE_FILE)} (${(Buffer.byteLength(source) / 1024).toFixed(0)} KiB)`);
