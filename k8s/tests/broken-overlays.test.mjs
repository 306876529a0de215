// Each fixture under fixtures/ breaks one invariant of a real overlay; the checks must
// fail on it with a message naming the object and the field, and on nothing else.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { renderKustomization, repositoryRoot, testsDirectory } from "./rendered-overlay.mjs";
import { allViolations, checkContext } from "./overlay-checks.mjs";
import { environmentKeyViolations } from "./environment-invariants.mjs";
import { environmentVariableName } from "./service-configuration.mjs";

const brokenOverlays = [
  {
    fixture: "missing-gpu-limit",
    expected: [/^Deployment\/halftone-generator spec\.template\.spec\.containers\[0\]\.resources\.limits\["nvidia\.com\/gpu"\]: is missing, expected 1$/],
  },
  {
    fixture: "partitions-below-max-replicas",
    expected: [/^ScaledObject\/halftone-generator spec\.maxReplicaCount: 16 exceeds KafkaTopic\/halftone\.generate\.task spec\.partitions 12;/],
  },
  {
    fixture: "unknown-field",
    expected: [
      /^Deployment\/halftone-generator spec\.template\.spec\.containers\[0\]\.readinessProbe\.initialDelaySecnds: unknown field/,
      /^KafkaTopic\/halftone\.generate\.task spec\.replica: unknown field/,
    ],
  },
  {
    fixture: "plaintext-secret",
    expected: [/^Deployment\/halftone-stats spec\.template\.spec\.containers\[0\]\.env\[1\]\.value: QUARKUS_MINIO_SECRET_KEY is written in plain text/],
  },
];

for (const { fixture, expected } of brokenOverlays) {
  test(`fixture ${fixture} fails the checks, naming the object and field`, async () => {
    const directory = path.join(testsDirectory, "fixtures", fixture);
    const violations = await allViolations(renderKustomization(directory), checkContext(directory));
    for (const pattern of expected) {
      assert.ok(violations.some((violation) => pattern.test(violation)), `no violation matches ${pattern}; got:\n  ${violations.join("\n  ")}`);
    }
    const unexpected = violations.filter((violation) => !expected.some((pattern) => pattern.test(violation)));
    assert.deepEqual(unexpected, [], `fixture ${fixture} breaks more than intended`);
  });
}

test("a service environment variable without a declared configuration key fails, naming the Deployment and variable", () => {
  const directory = path.join(testsDirectory, "fixtures", "missing-gpu-limit");
  const objects = renderKustomization(path.join(directory, "../../../overlays/dev"));
  const declared = new Set(["kafka.bootstrap.servers", "quarkus.minio.access-key", "quarkus.minio.secret-key"]);
  const violations = environmentKeyViolations(objects, "stats", declared, repositoryRoot);
  assert.deepEqual(violations, [
    "Deployment/halftone-stats spec.template.spec.containers[0] QUARKUS_MINIO_URL (from ConfigMap " +
      `${objects.find((object) => object.metadata.name.startsWith("halftone-common-")).metadata.name}): ` +
      "sets no key declared in services/stats/src/main/resources/application.properties",
  ]);
  declared.add("quarkus.minio.url");
  assert.deepEqual(environmentKeyViolations(objects, "stats", declared, repositoryRoot), []);
});

test("environment variable names follow the MicroProfile Config rules", () => {
  assert.equal(environmentVariableName("kafka.bootstrap.servers"), "KAFKA_BOOTSTRAP_SERVERS");
  assert.equal(environmentVariableName("quarkus.minio.access-key"), "QUARKUS_MINIO_ACCESS_KEY");
  assert.equal(environmentVariableName('mp.messaging.incoming."halftone.generate.task".group.id'), "MP_MESSAGING_INCOMING__HALFTONE_GENERATE_TASK__GROUP_ID");
});
