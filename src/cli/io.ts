/**
 * What a command may touch of the outside world, as one value: `main(argv, io)` takes
 * it, tests pass strings and PassThrough streams, and bin.ts passes `processIO()`.
 *
 * A closed standard output (`casepath generate | head`, EPIPE) is not an error: the
 * reader has what it wanted. `processIO()` swallows EPIPE, drops any later output and
 * aborts `outputClosed`, so a streaming command stops producing and every command ends
 * quietly with the exit status it would have had (0, or 1 under --fail-on).
 */
import type { Readable, Writable } from 'node:stream';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour and width apply only on a terminal. */
  isTTY?: boolean;
  columns?: number;
  env?: Record<string, string | undefined>;
  /** For streaming commands: standard input, standard output as a stream, and whether stderr is a terminal (progress bar). */
  stdin?: Readable;
  out?: Writable;
  stderrIsTTY?: boolean;
  /** Aborted once standard output is closed by its reader (EPIPE): stop producing output. */
  outputClosed?: AbortSignal;
}

/** The real process's standard streams, with a closed pipe ending output quietly. */
export function processIO(proc: NodeJS.Process = process): CliIO {
  const closed = new AbortController();
  proc.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed.abort();
  });
  // A closed stderr leaves nobody to tell; it must not turn into a stack trace either.
  proc.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  return {
    stdout: (t) => {
      if (!closed.signal.aborted) proc.stdout.write(t);
    },
    stderr: (t) => {
      if (!proc.stderr.destroyed) proc.stderr.write(t);
    },
    isTTY: proc.stdout.isTTY === true,
    ...(proc.stdout.columns ? { columns: proc.stdout.columns } : {}),
    env: proc.env,
    stdin: proc.stdin,
    out: proc.stdout,
    stderrIsTTY: proc.stderr.isTTY === true,
    outputClosed: closed.signal,
  };
}

/**
 * Write a chunk to a stream, waiting for it to drain when its buffer is full. Resolves
 * false once the stream is closed (its reader went away), true otherwise.
 */
export function writeChunk(out: Writable, chunk: string, closed?: AbortSignal): Promise<boolean> {
  if (closed?.aborted || out.destroyed || out.writableEnded) return Promise.resolve(false);
  if (out.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      closed?.removeEventListener('abort', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    out.once('drain', onDrain);
    out.once('close', onClose);
    closed?.addEventListener('abort', onClose, { once: true });
    if (out.destroyed) onClose();
  });
}

/** All of a stream as UTF-8 text. */
export async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
