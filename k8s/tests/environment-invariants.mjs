// Every environment variable a service Deployment sets must set a configuration key the
// service declares in its application.properties, and docs/operations.md must list it.
import { objectName } from "./rendered-overlay.mjs";
import { podSpec, serviceDeployments } from "./kubernetes-objects.mjs";
import {
  applicationPropertiesPath,
  containerEnvironment,
  environmentVariableName,
  propertyForVariable,
} from "./service-configuration.mjs";

/** Service name (its directory under services/, also its container's name) -> variables set. */
export function serviceEnvironments(objects) {
  return new Map(serviceDeployments(objects).map((deployment) => {
    const container = podSpec(deployment).containers[0];
    return [container.name, { deployment, variables: containerEnvironment(container, objects) }];
  }));
}

export function environmentKeyViolations(objects, service, configurationKeys, repositoryRoot) {
  const environment = serviceEnvironments(objects).get(service);
  if (environment === undefined) return [`Deployment for service ${service}: not rendered`];
  const file = applicationPropertiesPath(repositoryRoot, service).slice(repositoryRoot.length + 1);
  return environment.variables
    .filter((variable) => propertyForVariable(variable.name, configurationKeys) === undefined)
    .map((variable) => `${objectName(environment.deployment)} spec.template.spec.containers[0] ${variable.name} (from ${variable.source}): ` +
      `sets no key declared in ${file}`);
}

const DOCUMENTED_VARIABLE_ROW = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|/;
const ONE_OVERLAY = /\b(\w+) only\b/;

/**
 * Rows of the environment table in docs/operations.md: {variable, key, services, onlyIn}. A "Set from" cell that
 * says "<overlay> only" (e.g. "ConfigMap halftone-scorer, prod only") makes onlyIn that overlay: other renders need
 * not set the variable.
 */
export function documentedVariables(operationsMarkdown) {
  return operationsMarkdown.split("\n").flatMap((line) => {
    const match = line.match(DOCUMENTED_VARIABLE_ROW);
    if (match === null) return [];
    const [, variable, key, services, setFrom] = match;
    return [{
      variable,
      key,
      services: services === "all" ? "all" : services.split(",").map((service) => service.trim()),
      onlyIn: setFrom.match(ONE_OVERLAY)?.[1],
    }];
  });
}

/** @param overlay the rendered directory's name ("dev", "prod", a fixture's) */
export function documentationViolations(objects, operationsMarkdown, overlay) {
  const rows = documentedVariables(operationsMarkdown);
  const environments = serviceEnvironments(objects);
  const violations = [];
  for (const [service, { deployment, variables }] of environments) {
    for (const variable of variables) {
      const row = rows.find((candidate) => candidate.variable === variable.name);
      if (row === undefined || (row.services !== "all" && !row.services.includes(service))) {
        violations.push(`${objectName(deployment)} ${variable.name}: not listed for ${service} in docs/operations.md`);
      } else if (environmentVariableName(row.key) !== variable.name) {
        violations.push(`docs/operations.md ${variable.name}: documented key ${row.key} maps to ${environmentVariableName(row.key)}`);
      }
    }
  }
  for (const row of rows.filter((candidate) => candidate.onlyIn === undefined || candidate.onlyIn === overlay)) {
    const services = row.services === "all" ? [...environments.keys()] : row.services;
    for (const service of services) {
      const environment = environments.get(service);
      if (!environment?.variables.some((variable) => variable.name === row.variable)) {
        violations.push(`docs/operations.md ${row.variable}: documented for ${service}, but its Deployment does not set it`);
      }
    }
  }
  return violations;
}
