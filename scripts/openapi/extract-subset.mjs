// @ts-check
/**
 * Writes test/local-github/openapi/api.github.com.subset.json: the operations listed in operations.json,
 * taken from GitHub's official OpenAPI description (@octokit/openapi), with every component
 * they reference, so the local GitHub validates against GitHub's own schemas without every
 * `npm ci` downloading the 385 MB package.
 *
 * Usage (the package stays out of package.json on purpose):
 *   npm install --prefix /tmp/openapi-pkg @octokit/openapi@latest
 *   npm run openapi:subset -- /tmp/openapi-pkg/node_modules/@octokit/openapi
 *
 * The subset records the package version, the description's own version and a digest of what
 * it holds; test/local-github/openapi-subset.test.ts checks them in CI.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import console from "node:console";
import process from "node:process";
import * as prettier from "prettier";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const OUT = join(root, "test/local-github/openapi/api.github.com.subset.json");
const SPEC_FILE = "generated/api.github.com.json";
/** Response examples are documentation only; the validator needs schemas. */
const DROPPED_COMPONENTS = new Set(["examples"]);

/**
 * @param {string} file
 * @returns {unknown}
 */
function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

const packageDir = process.argv[2];
if (packageDir === undefined) {
  console.error(
    "usage: npm run openapi:subset -- <path to node_modules/@octokit/openapi>\n" +
      "  (npm install --prefix /tmp/openapi-pkg @octokit/openapi@latest first)",
  );
  process.exit(2);
}

const pkg = /** @type {{ name: string, version: string }} */ (
  readJson(join(packageDir, "package.json"))
);
/**
 * @typedef {{ parameters?: unknown } & Record<string, unknown>} PathItem
 * @typedef {{
 *   openapi: string,
 *   info: { version: string },
 *   servers: unknown,
 *   paths: Record<string, PathItem | undefined>,
 *   components: Record<string, Record<string, unknown> | undefined>,
 * }} OpenApiDocument
 */
const spec = /** @type {OpenApiDocument} */ (readJson(join(packageDir, SPEC_FILE)));
const wanted = /** @type {{ operations: string[] }} */ (readJson(join(here, "operations.json")));

/** @type {Record<string, Record<string, unknown>>} */
const paths = {};
const missing = [];
for (const operation of wanted.operations) {
  const [method = "", path = ""] = operation.split(" ");
  const item = spec.paths[path];
  const op = item?.[method.toLowerCase()];
  if (item === undefined || op === undefined) {
    missing.push(operation);
    continue;
  }
  const entry = (paths[path] ??=
    item.parameters === undefined ? {} : { parameters: item.parameters });
  entry[method.toLowerCase()] = op;
}
if (missing.length > 0) {
  console.error(`Not in ${pkg.name}@${pkg.version}:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}

// Follow every "#/components/<kind>/<name>" reference, transitively.
/** @type {Record<string, Record<string, unknown>>} */
const components = {};
/** @type {unknown[]} */
const queue = [paths];
while (queue.length > 0) {
  visit(queue.pop());
}

/** @param {unknown} node */
function visit(node) {
  if (Array.isArray(node)) {
    for (const child of node) visit(child);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") {
      const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(value);
      if (match === null) throw new Error(`Unsupported $ref: ${value}`);
      const [, kind = "", name = ""] = match;
      if (DROPPED_COMPONENTS.has(kind)) continue;
      components[kind] ??= {};
      if (components[kind][name] === undefined) {
        const target = spec.components[kind]?.[name];
        if (target === undefined) throw new Error(`Dangling $ref: ${value}`);
        components[kind][name] = target;
        queue.push(target);
      }
    } else if (!(key === "examples" && isExampleMap(value))) {
      visit(value);
    }
  }
}

/** A media type's `examples` (a map of example objects), not JSON Schema's `examples` array. @param {unknown} value */
function isExampleMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A copy without media-type `examples` maps: they point at the dropped example components.
 * @param {unknown} node
 * @returns {unknown}
 */
function withoutExampleMaps(node) {
  if (Array.isArray(node)) return node.map(withoutExampleMaps);
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "examples" && isExampleMap(value)))
      .map(([key, value]) => [key, withoutExampleMaps(value)]),
  );
}

const sorted = Object.fromEntries(
  Object.keys(components)
    .sort()
    .map((kind) => [kind, sortKeys(components[kind] ?? {})]),
);

/** @param {Record<string, unknown>} record */
function sortKeys(record) {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

const content = /** @type {Record<string, unknown>} */ (
  withoutExampleMaps({ paths: sortKeys(paths), components: sorted })
);
const subset = {
  openapi: spec.openapi,
  info: spec.info,
  servers: spec.servers,
  "x-subset": {
    source: `${pkg.name}@${pkg.version}`,
    packageVersion: pkg.version,
    file: SPEC_FILE,
    specVersion: spec.info.version,
    operations: wanted.operations,
    contentSha256: digest(content),
    regenerate: "npm run openapi:subset -- <path to node_modules/@octokit/openapi>",
  },
  ...content,
};

/** Digest of the schema content, independent of formatting (the test recomputes it). @param {unknown} value */
function digest(value) {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

const options = (await prettier.resolveConfig(OUT)) ?? {};
writeFileSync(OUT, await prettier.format(JSON.stringify(subset), { ...options, filepath: OUT }));
const counts = Object.entries(sorted)
  .map(([kind, record]) => `${Object.keys(record).length} ${kind}`)
  .join(", ");
console.log(
  `Wrote ${OUT}: ${wanted.operations.length} operations, ${counts} from ${pkg.name}@${pkg.version}`,
);
