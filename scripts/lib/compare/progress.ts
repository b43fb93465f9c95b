/** A progress bar on stderr: redrawn in place on a terminal; on a pipe (CI logs) only the notes are printed. */
export interface Progress {
  /** One more unit done; `label` says what is running. */
  tick(label: string): void;
  /** A line that stays (e.g. "pattern D: 17/18 passed"). */
  note(line: string): void;
  done(): void;
}

const WIDTH = 24;

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let count = 0;
  let label = '';
  const bar = () => {
    const filled = total ? Math.round((count / total) * WIDTH) : WIDTH;
    return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${count}/${total}`;
  };
  const redraw = () => stream.isTTY && stream.write(`\r\x1b[2K${bar()} ${label}`);
  return {
    tick(next) {
      count++;
      label = next;
      redraw();
    },
    note(line) {
      stream.write(stream.isTTY ? `\r\x1b[2K${line}\n` : `${bar()} ${line}\n`);
      redraw();
    },
    done() {
      if (stream.isTTY) stream.write('\r\x1b[2K');
    },
  };
}
