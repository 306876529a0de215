// The checks every rendered overlay must pass, in one list shared by the tests of the
// real overlays and of the deliberately broken fixtures.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { k8sDirectory, repositoryRoot } from "./rendered-overlay.mjs";
import { schemaViolations } from "./schema-validation.mjs";
import {
  baseImages,
  disruptionBudgetViolations,
  hardeningViolations,
  imageViolations,
  metricsViolations,
  probeViolations,
  resourceViolations,
  serviceSelectorViolations,
} from "./workload-invariants.mjs";
import {
  generatorGpuViolations,
  generatorLongRecordViolations,
  generatorScalingViolations,
  kafkaClientViolations,
  kraftViolations,
  topicCatalogue,
  topicCatalogueViolations,
} from "./generator-kafka-invariants.mjs";
import { networkPolicyViolations, plaintextSecretViolations } from "./security-invariants.mjs";
import { documentationViolations } from "./environment-invariants.mjs";
import { builtImageViolations } from "./image-names.mjs";

async function schemaAndUnknownFieldViolations(objects) {
  return (await Promise.all(objects.map(schemaViolations))).flat();
}

export const overlayChecks = [
  ["every object matches its Kubernetes, KEDA, prometheus-operator or Strimzi schema and has no unknown field", schemaAndUnknownFieldViolations],
  ["every container has readiness and liveness probes, on /q/health/ready and /q/health/live for services (init containers: none)", probeViolations],
  ["every container has CPU and memory requests and limits", resourceViolations],
  ["every container runs as non-root with a read-only root filesystem and (init containers aside) an emptyDir /tmp", hardeningViolations],
  ["the generator is pinned to RTX 3090 nodes, has one GPU in limits and tolerates GPU taints; nothing else asks for GPUs", generatorGpuViolations],
  ["KEDA scales the generator on its consumer group's lag, never past the topic's partitions", generatorScalingViolations],
  ["the generator's worker channel lets one poll's images finish: record max age and poll interval cover them", generatorLongRecordViolations],
  ["every catalogue topic has a KafkaTopic with the catalogue's partitions and retention", topicCatalogueViolations],
  ["the Kafka cluster runs in KRaft with controller and broker node pools", kraftViolations],
  ["services reach Kafka through the Strimzi bootstrap Service's plain listener", kafkaClientViolations],
  ["no secret value is in plain text and every referenced Secret is rendered or documented", plaintextSecretViolations],
  ["NetworkPolicies deny by default and allow exactly the flows Halftone needs", networkPolicyViolations],
  ["every workload has a PodDisruptionBudget that still allows drains", disruptionBudgetViolations],
  ["every service has a Service and the ServiceMonitor scrapes its /q/metrics", metricsViolations],
  ["every Service selects a workload's pods", serviceSelectorViolations],
  ["every image is pinned and set in k8s/base/kustomization.yaml only", imageViolations],
  ["every service runs the image its Maven build produces (quarkus.container-image.* from the root pom's halftone.image.*)", builtImageViolations],
  ["docs/operations.md lists every environment variable the services get", (objects, context) => documentationViolations(objects, context.operationsMarkdown, context.overlay)],
];

/** What the checks read besides the rendered objects. */
export function checkContext(kustomizationDirectory) {
  return {
    repositoryRoot,
    overlay: path.basename(kustomizationDirectory),
    catalogue: topicCatalogue(repositoryRoot),
    allowedImages: baseImages(k8sDirectory),
    overlayKustomization: parse(readFileSync(path.join(kustomizationDirectory, "kustomization.yaml"), "utf8")),
    operationsMarkdown: readFileSync(path.join(repositoryRoot, "docs/operations.md"), "utf8"),
  };
}

export async function allViolations(objects, context) {
  const results = await Promise.all(overlayChecks.map(([, check]) => check(objects, context)));
  return results.flat();
}
