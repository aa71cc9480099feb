/**
 * CLI start (issue 14, goal 2): `postmortem-tracker plan` on a small file against `node -e 0`,
 * both spawned here, in the same run, interleaved so that a busy moment hits both alike.
 */
import { spawnSync } from "node:child_process";
import { inCheckout } from "./checkout.js";
import { formatMs, formatRatio, renderTable, verdict, type Goal } from "./format.js";

const GOAL_RATIO = 2;
const WARM_UP_RUNS = 2;
const RUNS = 20;
const BIN = inCheckout("bin/postmortem-tracker.cjs");
const FILE = inCheckout("test/fixtures/postmortems/seed.md");

function timeRun(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - start;
  if (result.status !== 0)
    throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Prints the section; returns the goal's line for the summary. */
export function benchCliStart(): Goal {
  const commands: [string, string[]][] = [
    ["node -e 0", ["-e", "0"]],
    ["postmortem-tracker plan seed.md", [BIN, "plan", FILE]],
  ];
  console.log(
    `\n5. CLI start: ${RUNS} runs of each, interleaved, after ${WARM_UP_RUNS} warm-up runs. ` +
      `Goal: plan ≤ ${GOAL_RATIO}× node -e 0`,
  );
  const samples = commands.map((): number[] => []);
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    commands.forEach(([, args], i) => {
      const ms = timeRun(args);
      if (run >= WARM_UP_RUNS) samples[i]?.push(ms);
    });
  }
  const medians = samples.map(median);
  const [bare = NaN, plan = NaN] = medians;
  const ratio = plan / bare;
  const rows = commands.map(([name], i) => {
    const sorted = [...(samples[i] ?? [])].sort((a, b) => a - b);
    return [
      name,
      formatMs(medians[i] ?? NaN),
      formatMs(sorted[0] ?? NaN),
      formatMs(sorted.at(-1) ?? NaN),
    ];
  });
  console.log(renderTable(["command", "median", "min", "max"], rows));
  console.log(`  plan / node -e 0 = ${formatRatio(ratio)} (medians)`);
  return {
    name: `CLI start: plan ≤ ${GOAL_RATIO}× node -e 0`,
    measured: formatRatio(ratio),
    target: `≤ ${formatRatio(GOAL_RATIO)}`,
    result: verdict(ratio <= GOAL_RATIO),
  };
}
