// Every overlay check can fail: each case breaks one thing in a copy of the rendered dev
// overlay and expects the check to name the object and field. (The fixtures in
// broken-overlays.test.mjs do the same through kustomize for the acceptance cases.)
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { k8sDirectory, renderKustomization } from "./rendered-overlay.mjs";
import { checkContext, overlayChecks } from "./overlay-checks.mjs";

const devDirectory = path.join(k8sDirectory, "overlays", "dev");
const rendered = renderKustomization(devDirectory);
const context = checkContext(devDirectory);

function find(objects, kind, name) {
  return objects.find((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
}
const container = (objects, deployment) => find(objects, "Deployment", deployment).spec.template.spec.containers[0];

const mutations = [
  {
    check: "every object matches its Kubernetes, KEDA",
    breaks: (objects) => { find(objects, "Deployment", "halftone-scorer").spec.replicas = "two"; },
    expected: /^Deployment\/halftone-scorer spec\.replicas: must be integer/,
  },
  {
    check: "every object matches its Kubernetes, KEDA",
    breaks: (objects) => { find(objects, "ScaledObject").spec.maxReplicas = 4; },
    expected: /^ScaledObject\/halftone-generator spec\.maxReplicas: unknown field/,
  },
  {
    check: "every container has readiness and liveness probes",
    breaks: (objects) => { container(objects, "halftone-scorer").readinessProbe.httpGet.path = "/health"; },
    expected: /^Deployment\/halftone-scorer spec\.template\.spec\.containers\[0\]\.readinessProbe\.httpGet\.path: is \/health/,
  },
  {
    check: "every container has CPU and memory requests and limits",
    breaks: (objects) => { delete find(objects, "StatefulSet", "halftone-minio").spec.template.spec.containers[0].resources.limits.memory; },
    expected: /^StatefulSet\/halftone-minio spec\.template\.spec\.containers\[0\]\.resources\.limits\.memory: missing/,
  },
  {
    check: "every container runs as non-root",
    breaks: (objects) => { container(objects, "halftone-profiler").securityContext.readOnlyRootFilesystem = false; },
    expected: /^Deployment\/halftone-profiler spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFilesystem: not true/,
  },
  {
    check: "every container runs as non-root",
    breaks: (objects) => {
      find(objects, "Deployment", "halftone-generator").spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation = true;
    },
    expected: /^Deployment\/halftone-generator spec\.template\.spec\.initContainers\[0\]\.securityContext\.allowPrivilegeEscalation: not false/,
  },
  {
    check: "the generator is pinned to RTX 3090 nodes",
    breaks: (objects) => {
      const terms = find(objects, "Deployment", "halftone-generator").spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      terms[0].matchExpressions[0].values = ["NVIDIA-A100-SXM4-80GB"];
    },
    expected: /^Deployment\/halftone-generator spec\.template\.spec\.affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution: every nodeSelectorTerm must require nvidia\.com\/gpu\.product In \[NVIDIA-GeForce-RTX-3090\]/,
  },
  {
    check: "the generator is pinned to RTX 3090 nodes",
    breaks: (objects) => { find(objects, "Deployment", "halftone-generator").spec.template.spec.tolerations = []; },
    expected: /^Deployment\/halftone-generator spec\.template\.spec\.tolerations: no toleration for nvidia\.com\/gpu:NoSchedule taints/,
  },
  {
    check: "KEDA scales the generator",
    breaks: (objects) => { find(objects, "ScaledObject").spec.triggers[0].metadata.consumerGroup = "generator-planner"; },
    expected: /^ScaledObject\/halftone-generator spec\.triggers\[0\]\.metadata\.consumerGroup: generator-planner differs from the generator's MP_MESSAGING_INCOMING__HALFTONE_GENERATE_TASK__GROUP_ID/,
  },
  {
    check: "KEDA scales the generator",
    breaks: (objects) => { find(objects, "ScaledObject").spec.triggers[0].metadata.lagThreshold = "10"; },
    expected: /^ScaledObject\/halftone-generator spec\.triggers\[0\]\.metadata\.lagThreshold: 10 is not between 1 and 2/,
  },
  {
    check: "every catalogue topic has a KafkaTopic",
    breaks: (objects) => { find(objects, "KafkaTopic", "halftone.dead-letter").spec.config["retention.ms"] = 1000; },
    expected: /^KafkaTopic\/halftone\.dead-letter spec\.config\["retention\.ms"\]: 1000, catalogue says 2592000000/,
  },
  {
    check: "the Kafka cluster runs in KRaft",
    breaks: (objects) => { find(objects, "KafkaNodePool").spec.roles = ["broker"]; },
    expected: /^Kafka\/halftone KafkaNodePool spec\.roles: no node pool with replicas has the controller role/,
  },
  {
    check: "services reach Kafka",
    breaks: (objects) => { find(objects, "ConfigMap").data.KAFKA_BOOTSTRAP_SERVERS = "kafka:9092"; },
    expected: /data\.KAFKA_BOOTSTRAP_SERVERS: kafka is not the bootstrap Service of a rendered Kafka/,
  },
  {
    check: "no secret value is in plain text",
    breaks: (objects) => { find(objects, "Secret").data["secret-key"] = Buffer.from("s3cr3t-from-prod").toString("base64"); },
    expected: /^Secret\/halftone-s3-credentials-\w+ data\.secret-key: not a PLACEHOLDER- value/,
  },
  {
    check: "NetworkPolicies deny by default",
    breaks: (objects) => { find(objects, "NetworkPolicy", "halftone-s3-egress").spec.egress[0].ports[0].port = 9001; },
    expected: /^Deployment\/halftone-\S+ spec\.template\.metadata\.labels: no NetworkPolicy allows egress to MinIO on 9000/,
  },
  {
    check: "NetworkPolicies deny by default",
    breaks: (objects) => { objects.splice(objects.indexOf(find(objects, "NetworkPolicy", "halftone-default-deny")), 1); },
    expected: /^StatefulSet\/halftone-minio spec\.template\.metadata\.labels: no deny-all NetworkPolicy selects these pods/,
  },
  {
    check: "every workload has a PodDisruptionBudget",
    breaks: (objects) => { objects.splice(objects.indexOf(find(objects, "PodDisruptionBudget", "halftone-stats")), 1); },
    expected: /^Deployment\/halftone-stats spec\.template\.metadata\.labels: no PodDisruptionBudget selects these pods/,
  },
  {
    check: "every service has a Service and the ServiceMonitor",
    breaks: (objects) => { find(objects, "ServiceMonitor").spec.endpoints[0].path = "/metrics"; },
    expected: /^Service\/halftone-generator metadata\.labels: no ServiceMonitor endpoint scrapes \/q\/metrics/,
  },
  {
    check: "every Service selects a workload's pods",
    breaks: (objects) => { find(objects, "Service", "halftone-minio").spec.selector = { "app.kubernetes.io/name": "minio" }; },
    expected: /^Service\/halftone-minio spec\.selector: selects no workload's pods/,
  },
  {
    check: "every image is pinned",
    breaks: (objects) => { container(objects, "halftone-quantizer").image = "registry.example.com/halftone/quantizer:latest"; },
    expected: /^Deployment\/halftone-quantizer spec\.template\.spec\.containers\[0\]\.image: registry\.example\.com\/halftone\/quantizer:latest is not one of the images set in k8s\/base\/kustomization\.yaml/,
  },
  {
    check: "every image is pinned",
    breaks: (objects) => {
      find(objects, "Deployment", "halftone-generator").spec.template.spec.initContainers[0].image = "nvcr.io/nvidia/cuda:latest";
    },
    expected: /^Deployment\/halftone-generator spec\.template\.spec\.initContainers\[0\]\.image: nvcr\.io\/nvidia\/cuda:latest is not one of the images set in k8s\/base\/kustomization\.yaml/,
  },
  {
    check: "every service runs the image its Maven build produces",
    breaks: (objects) => { container(objects, "halftone-generator").image = "registry.example.com/halftone/scorer:0.1.0-SNAPSHOT"; },
    expected: /^Deployment\/halftone-generator spec\.template\.spec\.containers\[0\]\.image: registry\.example\.com\/halftone\/scorer:0\.1\.0-SNAPSHOT is not registry\.example\.com\/halftone\/generator:0\.1\.0-SNAPSHOT/,
  },
  {
    check: "the generator's worker channel lets one poll's images finish",
    breaks: (objects) => {
      const configMap = objects.find((object) => object.kind === "ConfigMap" && object.metadata.name.startsWith("halftone-generator-"));
      configMap.data.MP_MESSAGING_INCOMING__HALFTONE_GENERATE_TASK__THROTTLED_UNPROCESSED_RECORD_MAX_AGE_MS = "60000";
    },
    expected: /^Deployment\/halftone-generator spec\.template\.spec\.containers\[0\] MP_MESSAGING_INCOMING__HALFTONE_GENERATE_TASK__THROTTLED_UNPROCESSED_RECORD_MAX_AGE_MS: 60000 is below 406600/,
  },
  {
    check: "the generator's worker channel lets one poll's images finish",
    breaks: (objects) => {
      const configMap = objects.find((object) => object.kind === "ConfigMap" && object.metadata.name.startsWith("halftone-generator-"));
      delete configMap.data.MP_MESSAGING_INCOMING__HALFTONE_GENERATE_TASK__MAX_POLL_INTERVAL_MS;
    },
    expected: /^Deployment\/halftone-generator spec\.template\.spec\.containers\[0\] MP_MESSAGING_INCOMING__HALFTONE_GENERATE_TASK__MAX_POLL_INTERVAL_MS: not set from a ConfigMap/,
  },
  {
    check: "docs/operations.md lists every environment variable",
    breaks: (objects) => { find(objects, "ConfigMap", find(objects, "ConfigMap").metadata.name).data.QUARKUS_LOG_LEVEL = "DEBUG"; },
    expected: /^Deployment\/halftone-\S+ QUARKUS_LOG_LEVEL: not listed for \S+ in docs\/operations\.md/,
  },
];

for (const { check, breaks, expected } of mutations) {
  const entry = overlayChecks.find(([description]) => description.startsWith(check));
  test(`"${check}" fails when broken: ${expected.source.slice(1, 60)}`, async () => {
    assert.ok(entry, `no overlay check starts with "${check}"`);
    const objects = structuredClone(rendered);
    assert.deepEqual(await entry[1](objects, context), [], "the unbroken dev overlay must pass first");
    breaks(objects);
    const violations = await entry[1](objects, context);
    assert.ok(violations.some((violation) => expected.test(violation)), `no violation matches ${expected}; got:\n  ${violations.join("\n  ")}`);
  });
}
