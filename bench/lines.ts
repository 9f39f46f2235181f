// Lines of a byte stream as they arrive: the memory benchmark's talk with its workload process, both ways.

/** Each `\n`-ended line of `stream`, decoded as UTF-8, then any unended rest when the stream ends. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    yield* lines;
  }
  if (pending) yield pending;
}
