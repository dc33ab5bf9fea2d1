#!/usr/bin/env node
/**
 * Saves the V8 code cache of one command's bundle (src/cli/code-cache.ts), for
 * scripts/build-cli.mjs: loads the bundle as the executable does, runs the command on each
 * sample (its output is the caller's to discard), then writes V8's code for everything
 * that ran beside the bundle.
 *
 *   node scripts/train-code-cache.mjs DIR COMMAND '[["replay","a.yaml"], …]'
 *
 * A sample whose file is missing (tests/ is not in the published package) is skipped.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { bundleFileOf, codeCacheFileOf, loadCommandBundle } from '../dist/src/cli/code-cache.js';

const [dir, command, samplesJson] = process.argv.slice(2);
if (!dir || !command || !samplesJson) throw new Error("usage: node scripts/train-code-cache.mjs DIR COMMAND '[[argv…], …]'");
const cacheFile = codeCacheFileOf(bundleFileOf(dir, command));
// Compiled afresh: the saved code must be this bundle's.
rmSync(cacheFile, { force: true });
const bundle = loadCommandBundle(dir, command);
if (!bundle) throw new Error(`no bundle for ${command} in ${dir}`);
for (const argv of JSON.parse(samplesJson)) {
  if (argv.some((a) => /\.(ya?ml|json)$/.test(a) && !existsSync(a))) continue;
  await bundle.start(argv);
}
process.exitCode = 0;
const tmp = `${cacheFile}.tmp`;
writeFileSync(tmp, bundle.script.createCachedData());
renameSync(tmp, cacheFile);
