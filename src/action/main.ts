/*
 * The GitHub Action's entry point (action.yml runs the bundle of this file, built by
 * scripts/build-action.mjs). The process clock is read here, at the edge, as the app does.
 */
import { runAction } from "./run-action.js";

process.exitCode = await runAction(process.env, new Date());
