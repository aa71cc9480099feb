import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG_PATH, readConfigPath } from "../../src/config/config-path.js";

/*
 * The config path a person may give the Action (`config-path`) or the CLI (`--config-path`):
 * a YAML file inside the repository, named relative to its root.
 */

describe("readConfigPath", () => {
  it("the default is the file the app reads", () => {
    expect(DEFAULT_CONFIG_PATH).toBe(".github/postmortem-tracker.yml");
    expect(readConfigPath(DEFAULT_CONFIG_PATH)).toEqual({ ok: true, path: DEFAULT_CONFIG_PATH });
  });

  it.each([
    ".github/pm.yml",
    "config/postmortem-tracker.yaml",
    "pm.yml",
    ".config/team_a/pm-1.YML",
  ])("accepts %s", (path) => {
    expect(readConfigPath(path)).toEqual({ ok: true, path });
  });

  it.each([
    ["", '"" is empty: name a file such as .github/postmortem-tracker.yml'],
    ["/etc/pm.yml", '"/etc/pm.yml" must be relative to the repository\'s root, not absolute'],
    ["../shared/pm.yml", '"../shared/pm.yml" must stay inside the repository: no .. segment'],
    [
      ".github/../../pm.yml",
      '".github/../../pm.yml" must stay inside the repository: no .. segment',
    ],
    [".github\\pm.yml", '".github\\pm.yml" separates folders with /, not \\'],
    [".github//pm.yml", '".github//pm.yml" has an empty or . segment (// or /./ or a trailing /)'],
    ["./pm.yml", '"./pm.yml" has an empty or . segment (// or /./ or a trailing /)'],
    [".github/my pm.yml", '".github/my pm.yml" may hold only letters, digits, ., _, - and /'],
    [".github/pm`x`.yml", '".github/pm`x`.yml" may hold only letters, digits, ., _, - and /'],
    [".github/pm.json", '".github/pm.json" must name a YAML file (.yml or .yaml)'],
    [".github/", '".github/" has an empty or . segment (// or /./ or a trailing /)'],
  ])("refuses %j, naming the first rule it breaks", (path, error) => {
    expect(readConfigPath(path)).toEqual({ ok: false, error });
  });
});
