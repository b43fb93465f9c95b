/** A small spinner on stderr while a turn runs; silent unless stderr is a terminal. */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export async function withSpinner<T>(label: string, fn: () => Promise<T>, stream: NodeJS.WriteStream = process.stderr): Promise<T> {
  if (!stream.isTTY) return fn();
  let frame = 0;
  const timer = setInterval(() => stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`), 80);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    stream.write('\r\x1b[2K'); // clear the spinner line
  }
}
