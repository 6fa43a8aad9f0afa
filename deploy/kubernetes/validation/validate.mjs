// Validates every manifest in a directory against the Kubernetes API's schemas (kubernetes-models), without a
// cluster. Resources of other APIs (Strimzi's KafkaTopic) are checked by the Java tests in deploy/checks.
// Usage: node validate.mjs <directory>; exit code 1 and one line per problem when something is invalid.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const directory = process.argv[2] ?? "..";
const problems = [];
let checked = 0;

for (const file of readdirSync(directory).filter((name) => name.endsWith(".yaml")).sort()) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), "utf8"))) {
    if (document.errors.length > 0) {
      problems.push(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const resource = document.toJS();
    if (resource === null) {
      continue;
    }
    const { apiVersion, kind } = resource;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      problems.push(`${file}: a document without apiVersion and kind`);
      continue;
    }
    if (apiVersion.includes(".") && !apiVersion.includes("k8s.io")) {
      continue; // a custom resource
    }
    const modulePath = `kubernetes-models/${apiVersion}`;
    let model;
    try {
      model = (await import(modulePath))[kind];
    } catch (error) {
      model = undefined;
    }
    if (model === undefined) {
      problems.push(`${file}: unknown resource ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new model(resource).validate();
      checked++;
    } catch (error) {
      problems.push(`${file}: ${kind} ${resource.metadata?.name}: ${error.message}`);
    }
  }
}

for (const problem of problems) {
  console.log(problem);
}
console.log(`${checked} Kubernetes resources valid, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
