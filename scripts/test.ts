// Runs `bun test` (any extra args pass through), streams its output, and ends with the plain summary line
// "N passed, N failed, N skipped" that CI reads (bun test prints its own summary on stderr in another shape).

export {};

const child = Bun.spawn(["bun", "test", ...process.argv.slice(2)], {
  stdout: "inherit",
  stderr: "pipe",
  env: process.env,
});

const counts = { pass: 0, fail: 0, skip: 0, todo: 0 };
const decoder = new TextDecoder();
let pending = "";
for await (const chunk of child.stderr) {
  const text = decoder.decode(chunk, { stream: true });
  process.stderr.write(text);
  pending += text;
  const lines = pending.split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) {
    const match = /^\s*(\d+) (pass|fail|skip|todo)\s*$/.exec(line);
    if (match) counts[match[2] as keyof typeof counts] += Number(match[1]);
  }
}
const code = await child.exited;
const summary = `${counts.pass} passed, ${counts.fail} failed, ${counts.skip + counts.todo} skipped`;
process.stdout.write(`\n${summary}\n`);
process.exit(code !== 0 ? code : counts.fail > 0 ? 1 : counts.pass === 0 ? 1 : 0);
