/** What the CLI needs from the outside world, so commands can be tested without a process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Today's date as YYYY-MM-DD (the only clock the CLI reads). */
  today: () => string;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    today: () => new Date().toISOString().slice(0, 10),
    env: process.env,
  };
}
