/**
 * What the engine bundle gives modules that import `node:*` (src/load.ts, src/input/read.ts,
 * src/config.ts): the functions they use only to read files, which the page never does.
 * Each throws if called, so a path through them in the page fails loudly, not wrongly.
 */
function unavailable(name: string): () => never {
  return () => {
    throw new Error(`${name} is not available in the page`);
  };
}

export const extname = (path: string): string => {
  const m = /(\.[^./\\]*)$/.exec(path);
  return m ? m[1]! : '';
};
export const basename = (path: string): string => path.replace(/^.*[\\/]/, '');
export const dirname = unavailable('path.dirname');
export const join = unavailable('path.join');
export const isUtf8 = unavailable('buffer.isUtf8');
export const closeSync = unavailable('fs.closeSync');
export const fstatSync = unavailable('fs.fstatSync');
export const openSync = unavailable('fs.openSync');
export const readSync = unavailable('fs.readSync');
export const statSync = unavailable('fs.statSync');
export const readFileSync = unavailable('fs.readFileSync');
export const writeFileSync = unavailable('fs.writeFileSync');
export const renameSync = unavailable('fs.renameSync');
export const rmSync = unavailable('fs.rmSync');
export const constants: Record<string, number> = {};
export const createRequire = unavailable('module.createRequire');
