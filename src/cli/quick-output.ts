// Output for the answers that must start fast (`dig3 --help`, `--version`): no Node stream is set up. In Bun the first
// touch of `process.stdout` or `process.stderr` (picocolors and consola make one when imported) cost 8 of the 11 ms
// `--help` took when it printed through them; `Bun.write` to `Bun.stdout` and the runtime's own TTY test cost well
// under 1. The colour rule here is output.ts's too.

/** Whether `fd` is a terminal, asked without building `process.stdout` (or loading node:tty, about 4 ms). */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    // Bun keeps Node's `tty_wrap` binding, whose `isTTY(fd)` is libc's isatty.
    const binding = (process as unknown as { binding(name: string): { isTTY(fd: number): boolean } }).binding(
      "tty_wrap",
    );
    return Boolean(binding.isTTY(fd));
  } catch {
    // A runtime without the binding: ask the stream, as everything else in the CLI does.
    return Boolean(fd === 1 ? process.stdout.isTTY : process.stderr.isTTY);
  }
}

/** Whether the environment allows colours at all: not with NO_COLOR, not on a dumb terminal. */
export function allowsColor(): boolean {
  return !process.env.NO_COLOR && process.env.TERM !== "dumb";
}

/** Colours on `fd`: only on a terminal the environment allows them on. */
export function wantsColor(fd: 1 | 2): boolean {
  return isTerminal(fd) && allowsColor();
}

/** The picocolors formatter `bold` for stdout, loaded only where colours are on (picocolors touches process.stdout). */
export async function loadStdoutBold(): Promise<(text: string) => string> {
  if (!wantsColor(1)) return (text) => text;
  const { default: pc } = await import("picocolors");
  return pc.createColors(true).bold;
}

/**
 * Writes `text` to stdout in full before resolving (the caller exits right after). A reader that went away
 * (`dig3 --help | head -1`) ends the answer quietly, as a pipeline expects.
 */
export async function writeStdoutQuickly(text: string): Promise<void> {
  try {
    await Bun.write(Bun.stdout, text);
  } catch (error) {
    if ((error as { code?: string }).code !== "EPIPE") throw error;
  }
}
