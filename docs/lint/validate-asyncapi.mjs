// Validates ../asyncapi.yaml with the AsyncAPI parser (the specification's schema and its ruleset, every $ref
// resolved, the lifecycle event's JSON Schema file included), then checks every message example against its
// payload and header schemas, which the parser does not. Errors and warnings fail; infos and hints are printed
// only (the parser's "a newer AsyncAPI version exists" is one: the document is AsyncAPI 3.0 on purpose).
// Usage: node validate-asyncapi.mjs <file>; exit code 1 and one line per problem when something is wrong.
import { resolve } from "node:path";
import { Parser, fromFile } from "@asyncapi/parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const file = resolve(process.argv[2] ?? "../asyncapi.yaml");
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
const severities = ["error", "warning", "info", "hint"];
const problems = [];
for (const d of diagnostics) {
  const line = `${severities[d.severity]} ${d.code} at ${d.path.join("/")}: ${d.message}`;
  console.log(line);
  if (d.severity <= 1) problems.push(line);
}

let examples = 0;
if (document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const message of document.allMessages()) {
    for (const example of message.examples()) {
      for (const [part, schema, value] of [
        ["payload", message.payload(), example.payload()],
        ["headers", message.headers(), example.headers()],
      ]) {
        if (value === undefined || schema === undefined) continue;
        const validate = ajv.compile(withoutSchemaKeywords(schema.json()));
        if (!validate(value)) {
          problems.push(`example ${example.name()} of ${message.id()}: ${part} ${ajv.errorsText(validate.errors)}`);
        }
        examples++;
      }
    }
  }
}
console.log(`${examples} examples checked, ${problems.length} problems`);
for (const problem of problems) console.log(problem);
process.exit(document && problems.length === 0 ? 0 : 1);

// A schema the parser has dereferenced still carries the external file's $schema and $id: Ajv would take those
// for a second root; the content is the same JSON Schema either way.
function withoutSchemaKeywords(node) {
  if (Array.isArray(node)) return node.map(withoutSchemaKeywords);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(Object.entries(node)
    .filter(([key]) => key !== "$schema" && key !== "$id" && !key.startsWith("x-parser-"))
    .map(([key, value]) => [key, withoutSchemaKeywords(value)]));
}
