// The configuration keys a Halftone service declares, and the environment variables a
// Deployment sets, matched by the MicroProfile Config rules for environment variables.
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The environment variable MicroProfile Config reads for a property: every character
 * that is not a letter or digit becomes "_", then upper case
 * (kafka.bootstrap.servers -> KAFKA_BOOTSTRAP_SERVERS).
 */
export function environmentVariableName(propertyKey) {
  return propertyKey.replace(/[^A-Za-z0-9]/g, "_").toUpperCase();
}

/** Keys of a .properties file, without "%profile." prefixes (Java Properties syntax). */
export function propertyKeys(text) {
  const logicalLines = text.replace(/\\\r?\n[ \t\f]*/g, "").split(/\r?\n/);
  const keys = new Set();
  for (const line of logicalLines) {
    const trimmed = line.replace(/^[ \t\f]+/, "");
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("!")) continue;
    const key = trimmed.match(/^((?:\\.|[^=:\s\\])+)/)[1].replace(/\\(.)/g, "$1");
    keys.add(key.replace(/^%[^.]+\./, ""));
  }
  return keys;
}

export function applicationPropertiesPath(repositoryRoot, service) {
  return path.join(repositoryRoot, "services", service, "src/main/resources/application.properties");
}

export function serviceConfigurationKeys(repositoryRoot, service) {
  return propertyKeys(readFileSync(applicationPropertiesPath(repositoryRoot, service), "utf8"));
}

/** The property an environment variable sets, or undefined when no declared key maps to it. */
export function propertyForVariable(variable, keys) {
  for (const key of keys) {
    if (key === variable || environmentVariableName(key) === variable) return key;
  }
  return undefined;
}

/**
 * Every environment variable the first container of a pod template receives: its own
 * `env` entries and the keys of the ConfigMaps and Secrets named in `envFrom`.
 * Returns [{name, source}] where source says where the variable is set.
 */
export function containerEnvironment(container, objects) {
  const variables = (container.env ?? []).map((entry) => ({
    name: entry.name,
    source: entry.valueFrom?.secretKeyRef
      ? `Secret ${entry.valueFrom.secretKeyRef.name}`
      : entry.valueFrom
        ? "valueFrom"
        : "env value",
  }));
  for (const reference of container.envFrom ?? []) {
    const [kind, name] = reference.configMapRef
      ? ["ConfigMap", reference.configMapRef.name]
      : ["Secret", reference.secretRef.name];
    const source = objects.find((object) => object.kind === kind && object.metadata.name === name);
    const keys = Object.keys({ ...source?.data, ...source?.stringData });
    for (const key of keys) variables.push({ name: `${reference.prefix ?? ""}${key}`, source: `${kind} ${name}` });
  }
  return variables;
}
