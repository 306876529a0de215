// Renders k8s/overlays/dev and k8s/overlays/prod and runs every check on each.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { k8sDirectory, renderKustomization, repositoryRoot } from "./rendered-overlay.mjs";
import { checkContext, overlayChecks } from "./overlay-checks.mjs";
import { environmentKeyViolations, serviceEnvironments } from "./environment-invariants.mjs";
import { applicationPropertiesPath, propertyKeys, serviceConfigurationKeys } from "./service-configuration.mjs";

const OVERLAYS = ["dev", "prod"];

for (const overlay of OVERLAYS) {
  const directory = path.join(k8sDirectory, "overlays", overlay);
  const objects = renderKustomization(directory);
  const context = checkContext(directory);

  describe(`overlay ${overlay}`, () => {
    for (const [description, check] of overlayChecks) {
      test(description, async () => {
        const violations = await check(objects, context);
        assert.deepEqual(violations, [], `k8s/overlays/${overlay}:\n  ${violations.join("\n  ")}`);
      });
    }

    // A service whose application.properties declares no key yet is still being written:
    // its check runs and reports, but as TODO, so it names the missing keys without
    // failing the build. Once the file declares a key the check is strict.
    for (const [service, { variables }] of serviceEnvironments(objects)) {
      const keys = serviceConfigurationKeys(repositoryRoot, service);
      const file = path.relative(repositoryRoot, applicationPropertiesPath(repositoryRoot, service));
      const todo = propertyKeys(readFileSync(applicationPropertiesPath(repositoryRoot, service), "utf8")).size === 0
        ? `${file} declares no keys yet; the service must accept ${variables.map((variable) => variable.name).join(", ")}`
        : false;
      test(`${service}: every environment variable sets a configuration key the service declares`, { todo }, () => {
        const violations = environmentKeyViolations(objects, service, keys, repositoryRoot);
        assert.deepEqual(violations, [], `k8s/overlays/${overlay}:\n  ${violations.join("\n  ")}`);
      });
    }
  });
}
