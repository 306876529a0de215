// Renders a kustomize directory with `kubectl kustomize` and names its objects.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const testsDirectory = path.dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = path.resolve(testsDirectory, "../..");
export const k8sDirectory = path.join(repositoryRoot, "k8s");

/** Every object of the rendered kustomization in `directory`, as plain JSON values. */
export function renderKustomization(directory) {
  let output;
  try {
    output = execFileSync("kubectl", ["kustomize", directory], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`kubectl kustomize ${directory} failed: ${error.stderr || error.message}`);
  }
  return parseAllDocuments(output)
    .map((document) => {
      if (document.errors.length > 0) {
        throw new Error(`rendered ${directory} is not valid YAML: ${document.errors[0].message}`);
      }
      return document.toJS();
    })
    .filter((object) => object !== null);
}

/** "Kind/name", the way every violation message names an object. */
export function objectName(object) {
  return `${object.kind}/${object.metadata?.name}`;
}

/** Converts a JSON pointer ("/spec/containers/0/name") to a field path ("spec.containers[0].name"). */
export function fieldPath(pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((pathSoFar, token) => {
      if (/^\d+$/.test(token)) return `${pathSoFar}[${token}]`;
      if (!/^[A-Za-z_$][\w$-]*$/.test(token)) return `${pathSoFar}["${token}"]`;
      return pathSoFar === "" ? token : `${pathSoFar}.${token}`;
    }, "");
}
