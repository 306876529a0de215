// The configuration keys a Halftone service declares, and the environment variables a
// Deployment sets, matched by the MicroProfile Config rules for environment variables.
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

function javaSources(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true })
    .filter((file) => file.endsWith(".java"))
    .map((file) => readFileSync(path.join(directory, file), "utf8"));
}

function kebabCase(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/**
 * Keys declared in Java: each method of a @ConfigMapping(prefix = "p") interface is
 * "p.<method in kebab case>" (or its @WithName), each @ConfigProperty(name = "k") is "k", and
 * each key a default reads through an expression ("${k:fallback}") is "k". Nested groups
 * are not followed.
 */
/** Keys read through property expressions, "${key}" or "${key:fallback}". */
function expressionKeys(text) {
  return [...text.matchAll(/\$\{([A-Za-z0-9_.-]+)(?::[^}]*)?\}/g)].map((match) => match[1]);
}

export function javaConfigurationKeys(source) {
  const keys = new Set();
  for (const match of source.matchAll(/@ConfigProperty\(\s*name\s*=\s*"([^"]+)"/g)) keys.add(match[1]);
  for (const key of expressionKeys(source)) keys.add(key);
  const mapping = source.match(/@ConfigMapping\(\s*prefix\s*=\s*"([^"]+)"\s*\)[\s\S]*?interface\s+\w+\s*\{([\s\S]*)\}\s*$/);
  if (mapping !== null) {
    const [, prefix, body] = mapping;
    for (const method of body.matchAll(/((?:@\w+(?:\([^)]*\))?\s*)*)[\w<>, ?.[\]]+\s+(\w+)\(\s*\)\s*;/g)) {
      const renamed = method[1].match(/@WithName\(\s*"([^"]+)"\s*\)/);
      keys.add(`${prefix}.${renamed ? renamed[1] : kebabCase(method[2])}`);
    }
  }
  return keys;
}

// Keys an extension reads although no Halftone file names them, by the artifact that brings them.
const EXTENSION_KEYS = {
  "quarkus-messaging-kafka": ["kafka.bootstrap.servers"],
};
/**
 * The key of an attribute of an incoming channel; a channel name with dots is quoted
 * (mp.messaging.incoming."halftone.generate.task".group.id), the channel being named after
 * its topic.
 */
export function incomingChannelKey(channel, attribute) {
  const segment = channel.includes(".") ? `"${channel}"` : channel;
  return `mp.messaging.incoming.${segment}.${attribute}`;
}

// Attributes a Deployment may set on a channel the service consumes: the Kafka consumer's
// group.id and max.poll.interval.ms (SmallRye passes every channel attribute to the consumer)
// and the SmallRye Kafka connector's throttled.unprocessed-record-max-age.ms, which the
// connector reads for every incoming channel.
const CHANNEL_ATTRIBUTES = ["group.id", "max.poll.interval.ms", "throttled.unprocessed-record-max-age.ms"];

/** artifactId -> directory of every module the root pom aggregates. */
function moduleDirectories(repositoryRoot) {
  const rootPom = readFileSync(path.join(repositoryRoot, "pom.xml"), "utf8");
  const directories = new Map();
  for (const [, module] of rootPom.matchAll(/<module>([^<]+)<\/module>/g)) {
    const pomPath = path.join(repositoryRoot, module, "pom.xml");
    if (!existsSync(pomPath)) continue;
    const pom = readFileSync(pomPath, "utf8").replace(/<parent>[\s\S]*?<\/parent>/, "");
    const artifactId = pom.match(/<artifactId>([^<]+)<\/artifactId>/)?.[1];
    if (artifactId !== undefined) directories.set(artifactId, path.join(repositoryRoot, module));
  }
  return directories;
}

/**
 * The directories of the Halftone modules a module uses, directly or through another Halftone
 * module (dev.halftone dependencies that are not type pom), e.g. services/service-runtime and
 * services/platform for a service.
 */
function halftoneDependencyDirectories(repositoryRoot, moduleDirectory) {
  const modules = moduleDirectories(repositoryRoot);
  const found = new Set();
  const visit = (directory) => {
    const pom = readFileSync(path.join(directory, "pom.xml"), "utf8").replace(/<!--[\s\S]*?-->/g, "");
    for (const [dependency] of pom.matchAll(/<dependency>[\s\S]*?<\/dependency>/g)) {
      if (!dependency.includes("<groupId>dev.halftone</groupId>") || dependency.includes("<type>pom</type>")) continue;
      const target = modules.get(dependency.match(/<artifactId>([^<]+)<\/artifactId>/)?.[1]);
      if (target !== undefined && !found.has(target)) {
        found.add(target);
        visit(target);
      }
    }
  };
  visit(moduleDirectory);
  return [...found];
}

/**
 * Every configuration key a service declares: its application.properties (keys and the
 * keys its values refer to), the @ConfigMapping and @ConfigProperty keys of its sources, of
 * services/platform and of every Halftone module it depends on (services/service-runtime), the
 * keys of the Quarkus extensions in its pom.xml, and the CHANNEL_ATTRIBUTES of each @Incoming
 * channel.
 */
export function serviceConfigurationKeys(repositoryRoot, service) {
  const serviceDirectory = path.join(repositoryRoot, "services", service);
  const properties = readFileSync(applicationPropertiesPath(repositoryRoot, service), "utf8");
  const keys = propertyKeys(properties);
  for (const key of expressionKeys(properties)) keys.add(key);
  const sourceDirectories = new Set([
    serviceDirectory,
    path.join(repositoryRoot, "services/platform"),
    ...halftoneDependencyDirectories(repositoryRoot, serviceDirectory),
  ]);
  const sources = [...sourceDirectories].flatMap((directory) => javaSources(path.join(directory, "src/main/java")));
  for (const source of sources) {
    for (const key of javaConfigurationKeys(source)) keys.add(key);
  }
  const serviceSources = javaSources(path.join(serviceDirectory, "src/main/java")).join("\n");
  for (const match of serviceSources.matchAll(/@Incoming\(\s*"([^"]+)"\s*\)/g)) {
    for (const attribute of CHANNEL_ATTRIBUTES) keys.add(incomingChannelKey(match[1], attribute));
  }
  const pom = readFileSync(path.join(serviceDirectory, "pom.xml"), "utf8");
  for (const [artifact, extensionKeys] of Object.entries(EXTENSION_KEYS)) {
    if (pom.includes(`<artifactId>${artifact}</artifactId>`)) extensionKeys.forEach((key) => keys.add(key));
  }
  return keys;
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
