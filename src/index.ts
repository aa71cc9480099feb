import type { Probot } from "probot";
import { readPackageInfo } from "./read-package-info.js";

/**
 * The Probot app. This file only wires events to handlers (src/handlers/); it holds no logic.
 * For now it wires nothing but a structured start-up log line, so operators can see which
 * version is running.
 */
export default (app: Probot): void => {
  const { name, version } = readPackageInfo();
  app.log.info({ app: name, version }, "app loaded");
};
