/**
 * Checks requests and responses against the committed subset of GitHub's OpenAPI description
 * (test/local-github/openapi/api.github.com.subset.json, written by `npm run openapi:subset`), so the
 * local GitHub cannot drift into accepting what GitHub rejects, or answering what GitHub never
 * sends.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS with a default export; under nodenext the callable sits on `.default`.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const SUBSET_FILE = new URL("./openapi/api.github.com.subset.json", import.meta.url);

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: object;
}

interface MediaType {
  schema?: object;
}

interface ResponseSpec {
  content?: Record<string, MediaType>;
}

interface OperationSpec {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses: Record<string, ResponseSpec | { $ref: string }>;
}

export interface SubsetDocument {
  openapi: string;
  info: { version: string };
  "x-subset": {
    source: string;
    packageVersion: string;
    specVersion: string;
    operations: string[];
    contentSha256: string;
  };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

/** One operation of the subset, e.g. `POST /repos/{owner}/{repo}/issues`. */
export interface Operation {
  key: string;
  method: string;
  template: string;
  operationId: string;
}

export interface MatchedOperation {
  operation: Operation;
  /** Path parameters, decoded. */
  params: Record<string, string>;
}

/** Statuses GitHub may send from any endpoint whether or not the description lists them. */
const UNIVERSAL_STATUSES = new Set([401, 403, 404, 422, 429, 500, 502, 503]);

interface CompiledOperation extends Operation {
  pattern: RegExp;
  paramNames: string[];
  literalSegments: number;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: { required: boolean; validate: () => ValidateFunction } | null;
  /** Compiled on first use: compiling all of them up front costs seconds. */
  responses: Map<string, (() => ValidateFunction) | null>;
}

export class OpenApiValidator {
  readonly document: SubsetDocument;
  readonly #operations: CompiledOperation[];
  readonly #ajv: Ajv;
  /** Parameters arrive as strings: this instance coerces them to the schema's types. */
  readonly #coercing: Ajv;
  readonly #errorBody: ValidateFunction;
  readonly #paramValidators = new Map<Parameter, ValidateFunction>();

  constructor(document: SubsetDocument) {
    this.document = document;
    const schemas = rewriteRefs(document.components.schemas ?? {}) as Record<string, object>;
    const makeAjv = (coerceTypes: boolean): Ajv => {
      // strict: false because the description carries OpenAPI keywords (`x-github`, `example`,
      // `discriminator`) that are not JSON Schema.
      const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes });
      addFormats(ajv);
      ajv.addSchema({ $id: "gh", components: { schemas } });
      return ajv;
    };
    this.#ajv = makeAjv(false);
    this.#coercing = makeAjv(true);
    this.#errorBody = this.#ajv.compile({ $ref: "gh#/components/schemas/basic-error" });
    this.#operations = [];
    for (const [template, item] of Object.entries(document.paths)) {
      const shared = (item.parameters ?? []) as OperationSpec["parameters"];
      for (const [method, raw] of Object.entries(item)) {
        if (method === "parameters") continue;
        this.#operations.push(
          this.#compile(method.toUpperCase(), template, raw as OperationSpec, shared ?? []),
        );
      }
    }
  }

  /** Loads the committed subset once per process. */
  static load(): OpenApiValidator {
    cached ??= new OpenApiValidator(
      JSON.parse(readFileSync(SUBSET_FILE, "utf8")) as SubsetDocument,
    );
    return cached;
  }

  operations(): Operation[] {
    return this.#operations.map(({ key, method, template, operationId }) => ({
      key,
      method,
      template,
      operationId,
    }));
  }

  /** The operation a request is for; when several templates match, the most literal wins. */
  match(method: string, pathname: string): MatchedOperation | null {
    let best: { op: CompiledOperation; params: Record<string, string> } | null = null;
    for (const op of this.#operations) {
      if (op.method !== method) continue;
      const m = op.pattern.exec(pathname);
      if (m === null) continue;
      if (best !== null && best.op.literalSegments >= op.literalSegments) continue;
      const params: Record<string, string> = {};
      op.paramNames.forEach((name, index) => {
        params[name] = decodePath(m[index + 1] ?? "");
      });
      best = { op, params };
    }
    return best === null ? null : { operation: this.#public(best.op), params: best.params };
  }

  /** Every way the request breaks the description; empty when GitHub would accept its shape. */
  checkRequest(
    key: string,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
  ): string[] {
    const op = this.#get(key);
    const problems: string[] = [];
    for (const p of op.pathParams) {
      problems.push(...this.#checkParam(p, params[p.name], "path"));
    }
    const known = new Set(op.queryParams.map((p) => p.name));
    for (const p of op.queryParams) {
      const values = query.getAll(p.name);
      if (values.length > 1)
        problems.push(`query parameter ${p.name} given ${values.length} times`);
      problems.push(...this.#checkParam(p, values[0], "query"));
    }
    for (const name of new Set(query.keys())) {
      // GitHub ignores unknown parameters, which hides a misspelt filter: flag it.
      if (!known.has(name)) problems.push(`unknown query parameter ${name}`);
    }
    if (op.body === null) {
      if (body !== undefined) problems.push("this operation takes no request body");
    } else if (body === undefined) {
      if (op.body.required) problems.push("request body is required");
    } else {
      const validate = op.body.validate();
      if (!validate(body)) problems.push(...describe("request body", validate));
    }
    return problems;
  }

  /** Every way a response breaks the description. `body` undefined means no JSON body. */
  checkResponse(key: string, status: number, body: unknown): string[] {
    const op = this.#get(key);
    const declared = op.responses.has(String(status));
    if (!declared && !UNIVERSAL_STATUSES.has(status)) {
      return [`status ${status} is not a documented response of ${key}`];
    }
    const validate = declared ? op.responses.get(String(status))?.() : this.#errorBody;
    if (validate === undefined) {
      return body === undefined || status >= 400 ? [] : [`status ${status} documents no body`];
    }
    if (body === undefined) return [`status ${status} must have a JSON body`];
    return validate(body) ? [] : describe(`${status} response body`, validate);
  }

  #get(key: string): CompiledOperation {
    const op = this.#operations.find((o) => o.key === key);
    if (op === undefined) throw new Error(`Operation not in the OpenAPI subset: ${key}`);
    return op;
  }

  #public(op: CompiledOperation): Operation {
    return { key: op.key, method: op.method, template: op.template, operationId: op.operationId };
  }

  #checkParam(p: Parameter, value: string | undefined, where: string): string[] {
    if (value === undefined)
      return p.required === true ? [`missing ${where} parameter ${p.name}`] : [];
    if (p.schema === undefined) return [];
    let validate = this.#paramValidators.get(p);
    if (validate === undefined) {
      validate = this.#coercing.compile({
        type: "object",
        properties: { value: rewriteRefs(p.schema) },
      });
      this.#paramValidators.set(p, validate);
    }
    return validate({ value }) ? [] : describe(`${where} parameter ${p.name}`, validate);
  }

  #compile(
    method: string,
    template: string,
    spec: OperationSpec,
    shared: NonNullable<OperationSpec["parameters"]>,
  ): CompiledOperation {
    const parameters = [...shared, ...(spec.parameters ?? [])].map((p) =>
      this.#resolve<Parameter>(p),
    );
    const paramNames: string[] = [];
    let literalSegments = 0;
    const source = template
      .split("/")
      .map((segment) => {
        const name = /^\{(.+)\}$/.exec(segment)?.[1];
        if (name === undefined) {
          literalSegments += 1;
          return segment.replace(/[.*+?^$()|[\]\\-]/g, "\\$&");
        }
        paramNames.push(name);
        // `x-multi-segment` parameters (a file path) may contain slashes.
        const multi = parameters.some(
          (p) => p.name === name && (p as { "x-multi-segment"?: boolean })["x-multi-segment"],
        );
        return multi ? "(.+)" : "([^/]+)";
      })
      .join("/");
    const jsonSchema = spec.requestBody?.content?.["application/json"]?.schema;
    const responses = new Map<string, (() => ValidateFunction) | null>();
    for (const [status, raw] of Object.entries(spec.responses)) {
      const response = this.#resolve<ResponseSpec>(raw);
      const schema = response.content?.["application/json"]?.schema;
      responses.set(status, schema === undefined ? null : this.#lazy(schema));
    }
    return {
      key: `${method} ${template}`,
      method,
      template,
      operationId: spec.operationId,
      pattern: new RegExp(`^${source}$`),
      paramNames,
      literalSegments,
      pathParams: parameters.filter((p) => p.in === "path"),
      queryParams: parameters.filter((p) => p.in === "query"),
      body:
        jsonSchema === undefined
          ? null
          : {
              required: spec.requestBody?.required === true,
              validate: this.#lazy(jsonSchema),
            },
      responses,
    };
  }

  #lazy(schema: object): () => ValidateFunction {
    let compiled: ValidateFunction | undefined;
    return () => (compiled ??= this.#ajv.compile(rewriteRefs(schema) as object));
  }

  /** Follows a `#/components/<kind>/<name>` reference to a parameter or response. */
  #resolve<T>(value: T | { $ref: string }): T {
    if (typeof value === "object" && value !== null && "$ref" in value) {
      const [, kind = "", name = ""] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(value.$ref) ?? [];
      const target = this.document.components[kind]?.[name];
      if (target === undefined) throw new Error(`Dangling $ref in the subset: ${value.$ref}`);
      return this.#resolve(target as T | { $ref: string });
    }
    return value;
  }
}

let cached: OpenApiValidator | undefined;

/**
 * Points schema references at the schema registered as "gh", and reads OpenAPI 3.0's `nullable`
 * as GitHub means it: null is allowed, also in enums and without a `type` (which Ajv refuses).
 */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/")) {
      out[key] = `gh${value}`;
    } else if (key === "example" || key === "examples") {
      continue;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  // GitHub sends null for nullable enums (`state_reason`) though its enums omit null.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) {
    out.enum = [...(out.enum as unknown[]), null];
  }
  if ("nullable" in out && !("type" in out)) {
    const { nullable, ...rest } = out;
    return nullable === true ? { anyOf: [rest, { type: "null" }] } : rest;
  }
  return out;
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function describe(what: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).slice(0, 8).map((error) => {
    const where = error.instancePath === "" ? "" : ` at ${error.instancePath}`;
    const extra =
      error.keyword === "additionalProperties"
        ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
        : error.keyword === "enum"
          ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
          : "";
    return `${what}${where}: ${error.message ?? error.keyword}${extra}`;
  });
}
