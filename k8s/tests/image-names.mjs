// The service images the Maven build produces and the check that k8s deploys exactly those.
// Registry, group and tag are set once, as the root pom's halftone.image.* properties, and reach
// Quarkus as the pom's quarkus.container-image.{registry,group,tag} (Quarkus' Maven plugin
// passes only quarkus.* project properties to the build). Each service's application.properties
// sets only quarkus.container-image.name, its directory under services/.
import { readFileSync } from "node:fs";
import path from "node:path";
import { objectName } from "./rendered-overlay.mjs";
import { podSpec, serviceDeployments } from "./kubernetes-objects.mjs";
import { applicationPropertiesPath } from "./service-configuration.mjs";

/** The root pom property each pass-through quarkus.container-image.* property must name. */
export const IMAGE_PROPERTIES = {
  registry: "halftone.image.registry",
  group: "halftone.image.group",
  tag: "halftone.image.tag",
};

/**
 * The root pom's <properties> plus project.version, with ${...} references between them
 * resolved (halftone.image.tag is ${project.version}).
 */
export function rootPomProperties(repositoryRoot) {
  const pom = readFileSync(path.join(repositoryRoot, "pom.xml"), "utf8").replace(/<!--[\s\S]*?-->/g, "");
  const properties = new Map();
  const version = pom.match(/<artifactId>halftone-parent<\/artifactId>\s*<version>([^<]+)<\/version>/);
  if (version !== null) properties.set("project.version", version[1].trim());
  const block = pom.match(/<properties>([\s\S]*?)<\/properties>/);
  for (const [, name, value] of (block?.[1] ?? "").matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)) properties.set(name, value.trim());
  const resolve = (value, depth = 0) =>
    depth > 10 ? value : value.replace(/\$\{([^}]+)\}/g, (whole, name) => (properties.has(name) ? resolve(properties.get(name), depth + 1) : whole));
  const resolved = new Map([...properties].map(([name, value]) => [name, resolve(value)]));
  resolved.raw = properties;
  return resolved;
}

/** Values of a .properties file by key (last one wins), without %profile entries. */
function propertyValues(text) {
  const values = new Map();
  for (const line of text.replace(/\\\r?\n[ \t\f]*/g, "").split(/\r?\n/)) {
    const match = line.match(/^[ \t\f]*([^#!\s=:][^=:\s]*)\s*[=:]?\s*(.*)$/);
    if (match !== null && !match[1].startsWith("%")) values.set(match[1], match[2].trim());
  }
  return values;
}

/**
 * The image a service's build produces, "registry/group/name:tag", or the reasons it cannot be
 * told: {image, violations}. Violations name the file and the key.
 */
export function builtImage(repositoryRoot, service, pomProperties = rootPomProperties(repositoryRoot)) {
  const file = path.relative(repositoryRoot, applicationPropertiesPath(repositoryRoot, service));
  const values = propertyValues(readFileSync(applicationPropertiesPath(repositoryRoot, service), "utf8"));
  const violations = [];
  const parts = {};
  for (const [attribute, property] of Object.entries(IMAGE_PROPERTIES)) {
    const key = `quarkus.container-image.${attribute}`;
    const passThrough = pomProperties.raw?.get(key);
    if (passThrough !== `\${${property}}`) {
      violations.push(`pom.xml <properties> ${key}: is ${passThrough ?? "missing"}, expected \${${property}}`);
    } else if (!pomProperties.get(property)) {
      violations.push(`pom.xml <properties> ${property}: missing`);
    } else {
      parts[attribute] = pomProperties.get(property);
    }
    if (values.has(key)) violations.push(`${file} ${key}: set here, overriding the root pom.xml (set it only there, as ${property})`);
  }
  const name = values.get("quarkus.container-image.name");
  if (name !== service) {
    violations.push(`${file} quarkus.container-image.name: is ${name ?? "missing"}, expected ${service} (the service's directory name)`);
  }
  if (values.get("quarkus.container-image.build") === "true") {
    violations.push(`${file} quarkus.container-image.build: is true; images are built only with -Dquarkus.container-image.build=true`);
  }
  return {
    image: violations.length === 0 ? `${parts.registry}/${parts.group}/${name}:${parts.tag}` : undefined,
    violations,
  };
}

/**
 * Every service Deployment runs the image its Maven build produces. The container name is
 * the service's directory under services/.
 */
export function builtImageViolations(objects, { repositoryRoot }) {
  const pomProperties = rootPomProperties(repositoryRoot);
  return serviceDeployments(objects).flatMap((deployment) => {
    const container = podSpec(deployment).containers[0];
    const { image, violations } = builtImage(repositoryRoot, container.name, pomProperties);
    if (image === undefined) return violations.map((violation) => `${objectName(deployment)}: ${violation}`);
    return container.image === image
      ? []
      : [`${objectName(deployment)} spec.template.spec.containers[0].image: ${container.image} is not ${image}, the image ` +
        `services/${container.name} builds (quarkus.container-image.* from the root pom's halftone.image.*)`];
  });
}
