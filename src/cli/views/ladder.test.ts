// The TTY screen: the alternate screen once, frames only while it is open, nothing drawn on the user's own screen after
// it is restored (a frame timer can still fire while a stopped stream winds down).

import { describe, expect, test } from "bun:test";
import { createTtyScreen } from "./ladder.ts";

function fakeOut() {
  const writes: string[] = [];
  return { writes, out: { write: (text: string) => writes.push(text) > 0 } as unknown as NodeJS.WriteStream };
}

describe("tty screen", () => {
  test("opens once, draws in place, restores once; a draw after restore writes nothing", () => {
    const { writes, out } = fakeOut();
    const screen = createTtyScreen(out);
    screen.open();
    screen.open();
    screen.draw(["a", "b"]);
    screen.restore();
    screen.draw(["late"]);
    screen.restore();
    expect(writes).toEqual(["\x1b[?1049h\x1b[?25l", "\x1b[Ha\x1b[K\nb\x1b[K\x1b[J", "\x1b[?25h\x1b[?1049l"]);
  });
});
