// Invariants that tie the generator, its GPUs, KEDA and Kafka together: the generator runs
// on RTX 3090 nodes with one GPU each, KEDA scales it on the lag of the consumer group the
// generator is configured with, never past the topic's partitions, and every topic of the
// catalogue exists with the catalogue's partitions and retention.
import { readFileSync } from "node:fs";
import path from "node:path";
import { objectName } from "./rendered-overlay.mjs";
import { containerEnvironment, environmentVariableName, incomingChannelKey } from "./service-configuration.mjs";
import { named, ofKind, podSpec, serviceDeployments, workloads } from "./kubernetes-objects.mjs";

export const GENERATOR_DEPLOYMENT = "halftone-generator";
const GPU_RESOURCE = "nvidia.com/gpu";
const GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
const RTX_3090 = "NVIDIA-GeForce-RTX-3090";
// One message is one image: a pod should not be handed more than two queued images.
const MAX_LAG_THRESHOLD = 2;

export function topicCatalogue(repositoryRoot) {
  const file = path.join(repositoryRoot, "schemas/src/main/resources/topics.json");
  return JSON.parse(readFileSync(file, "utf8")).topics;
}

function topicName(kafkaTopic) {
  return kafkaTopic.spec?.topicName ?? kafkaTopic.metadata.name;
}

function gpuCount(quantity) {
  return quantity === undefined ? undefined : Number(quantity);
}

export function generatorGpuViolations(objects) {
  const generator = named(objects, "Deployment", GENERATOR_DEPLOYMENT);
  if (generator === undefined) return [`Deployment/${GENERATOR_DEPLOYMENT}: not rendered`];
  const name = objectName(generator);
  const pod = podSpec(generator);
  const violations = [];

  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const pinned = terms.length > 0 && terms.every((term) =>
    (term.matchExpressions ?? []).some((expression) =>
      expression.key === GPU_PRODUCT_LABEL && expression.operator === "In" &&
      expression.values.length > 0 && expression.values.every((value) => value === RTX_3090)));
  if (!pinned) {
    violations.push(`${name} spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution: ` +
      `every nodeSelectorTerm must require ${GPU_PRODUCT_LABEL} In [${RTX_3090}]`);
  }

  pod.containers.forEach((container, index) => {
    const field = `spec.template.spec.containers[${index}].resources`;
    const limit = gpuCount(container.resources?.limits?.[GPU_RESOURCE]);
    const request = gpuCount(container.resources?.requests?.[GPU_RESOURCE]);
    if (limit !== 1) violations.push(`${name} ${field}.limits["${GPU_RESOURCE}"]: is ${limit ?? "missing"}, expected 1`);
    if (request !== undefined && request !== limit) {
      violations.push(`${name} ${field}.requests["${GPU_RESOURCE}"]: ${request} differs from the limit; GPU requests must equal limits`);
    }
  });

  const tolerated = (pod.tolerations ?? []).some((toleration) =>
    toleration.key === GPU_RESOURCE &&
    (toleration.operator === "Exists" || toleration.operator === "Equal") &&
    (toleration.effect === undefined || toleration.effect === "NoSchedule"));
  if (!tolerated) violations.push(`${name} spec.template.spec.tolerations: no toleration for ${GPU_RESOURCE}:NoSchedule taints`);

  for (const workload of workloads(objects).filter((candidate) => candidate !== generator)) {
    podSpec(workload).containers.forEach((container, index) => {
      if (container.resources?.limits?.[GPU_RESOURCE] !== undefined || container.resources?.requests?.[GPU_RESOURCE] !== undefined) {
        violations.push(`${objectName(workload)} spec.template.spec.containers[${index}].resources: only the generator may ask for ${GPU_RESOURCE}`);
      }
    });
  }
  return violations;
}

/** Host names and ports of a comma-separated bootstrap list. */
function bootstrapAddresses(servers) {
  return servers.split(",").map((address) => {
    const [host, port] = address.trim().split(":");
    return { host, port: Number(port) };
  });
}

/** Violations when a bootstrap list does not point at a plain listener of a rendered Kafka. */
function bootstrapViolations(servers, objects, where) {
  const kafkas = ofKind(objects, "Kafka");
  return bootstrapAddresses(servers).flatMap(({ host, port }) => {
    const kafka = kafkas.find((candidate) => host.split(".")[0] === `${candidate.metadata.name}-kafka-bootstrap`);
    if (kafka === undefined) return [`${where}: ${host} is not the bootstrap Service of a rendered Kafka`];
    const listener = kafka.spec.kafka.listeners.find((candidate) => candidate.port === port);
    if (listener === undefined || listener.tls) return [`${where}: port ${port} is not a plain listener of ${objectName(kafka)}`];
    return [];
  });
}

export function generatorScalingViolations(objects, { catalogue }) {
  const scaledObjects = ofKind(objects, "ScaledObject").filter((scaled) => scaled.spec.scaleTargetRef.name === GENERATOR_DEPLOYMENT);
  if (scaledObjects.length !== 1) return [`ScaledObject: expected exactly one targeting Deployment/${GENERATOR_DEPLOYMENT}, found ${scaledObjects.length}`];
  const [scaled] = scaledObjects;
  const name = objectName(scaled);
  const violations = [];
  const { minReplicaCount = 0, maxReplicaCount = 100 } = scaled.spec;
  if (minReplicaCount > maxReplicaCount) violations.push(`${name} spec.minReplicaCount: ${minReplicaCount} exceeds spec.maxReplicaCount ${maxReplicaCount}`);

  const generator = named(objects, "Deployment", GENERATOR_DEPLOYMENT);
  if (generator?.spec.replicas !== undefined) {
    violations.push(`${objectName(generator)} spec.replicas: set to ${generator.spec.replicas}, but KEDA owns the replica count; every apply would reset it`);
  }
  const environment = generator === undefined ? [] : podSpec(generator).containers[0];

  scaled.spec.triggers.forEach((trigger, index) => {
    const field = `spec.triggers[${index}].metadata`;
    if (trigger.type !== "kafka") {
      violations.push(`${name} spec.triggers[${index}].type: ${trigger.type}, expected kafka`);
      return;
    }
    const { topic, consumerGroup, lagThreshold, bootstrapServers, allowIdleConsumers } = trigger.metadata;
    const kafkaTopic = ofKind(objects, "KafkaTopic").find((candidate) => topicName(candidate) === topic);
    if (kafkaTopic === undefined) {
      violations.push(`${name} ${field}.topic: ${topic} has no KafkaTopic`);
    } else if (kafkaTopic.spec.partitions < maxReplicaCount) {
      violations.push(`${name} spec.maxReplicaCount: ${maxReplicaCount} exceeds ${objectName(kafkaTopic)} spec.partitions ` +
        `${kafkaTopic.spec.partitions}; replicas past the partition count would sit idle`);
    }
    if (!catalogue.some((entry) => entry.topic === topic && entry.consumers.includes("generator"))) {
      violations.push(`${name} ${field}.topic: ${topic} is not a catalogue topic the generator consumes`);
    }
    const lag = Number(lagThreshold);
    if (!(lag >= 1 && lag <= MAX_LAG_THRESHOLD)) {
      violations.push(`${name} ${field}.lagThreshold: ${lagThreshold} is not between 1 and ${MAX_LAG_THRESHOLD} (one image per message)`);
    }
    if (allowIdleConsumers === "true") violations.push(`${name} ${field}.allowIdleConsumers: true lets replicas exceed partitions`);
    violations.push(...bootstrapViolations(bootstrapServers ?? "", objects, `${name} ${field}.bootstrapServers`));

    const groupVariable = environmentVariableName(incomingChannelKey(topic, "group.id"));
    const configured = containerEnvironment(environment, objects).find((variable) => variable.name === groupVariable);
    const configMap = configured && objects.find((object) => `ConfigMap ${object.metadata.name}` === configured.source);
    const group = configMap?.data?.[groupVariable];
    if (group !== consumerGroup) {
      violations.push(`${name} ${field}.consumerGroup: ${consumerGroup} differs from the generator's ${groupVariable} (${group ?? "not set from a ConfigMap"})`);
    }
  });
  return violations;
}

/** Services reach Kafka through the Strimzi bootstrap Service of a plain listener. */
export function kafkaClientViolations(objects) {
  return serviceDeployments(objects).flatMap((deployment) => {
    const container = podSpec(deployment).containers[0];
    const variable = containerEnvironment(container, objects).find((candidate) => candidate.name === "KAFKA_BOOTSTRAP_SERVERS");
    if (variable === undefined) return [`${objectName(deployment)} spec.template.spec.containers[0].env: KAFKA_BOOTSTRAP_SERVERS is not set`];
    const configMap = objects.find((object) => `ConfigMap ${object.metadata.name}` === variable.source);
    return bootstrapViolations(configMap?.data?.KAFKA_BOOTSTRAP_SERVERS ?? "", objects, `${variable.source} data.KAFKA_BOOTSTRAP_SERVERS`);
  });
}

export function topicCatalogueViolations(objects, { catalogue }) {
  const kafkaTopics = ofKind(objects, "KafkaTopic");
  const kafkaNames = new Set(ofKind(objects, "Kafka").map((kafka) => kafka.metadata.name));
  const violations = [];
  for (const entry of catalogue) {
    const kafkaTopic = kafkaTopics.find((candidate) => topicName(candidate) === entry.topic);
    if (kafkaTopic === undefined) {
      violations.push(`KafkaTopic/${entry.topic}: missing for catalogue topic ${entry.topic}`);
      continue;
    }
    if (kafkaTopic.spec.partitions !== entry.partitions) {
      violations.push(`${objectName(kafkaTopic)} spec.partitions: ${kafkaTopic.spec.partitions}, catalogue says ${entry.partitions}`);
    }
    const retention = kafkaTopic.spec.config?.["retention.ms"];
    if (retention === undefined || Number(retention) !== entry.retentionMs) {
      violations.push(`${objectName(kafkaTopic)} spec.config["retention.ms"]: ${retention}, catalogue says ${entry.retentionMs}`);
    }
  }
  for (const kafkaTopic of kafkaTopics) {
    if (!catalogue.some((entry) => entry.topic === topicName(kafkaTopic))) {
      violations.push(`${objectName(kafkaTopic)} metadata.name: not in the topic catalogue`);
    }
    if (!kafkaNames.has(kafkaTopic.metadata.labels?.["strimzi.io/cluster"])) {
      violations.push(`${objectName(kafkaTopic)} metadata.labels["strimzi.io/cluster"]: names no rendered Kafka`);
    }
  }
  return violations;
}

/** KRaft: the node pools of each Kafka cover both the controller and the broker role. */
export function kraftViolations(objects) {
  return ofKind(objects, "Kafka").flatMap((kafka) => {
    const pools = ofKind(objects, "KafkaNodePool").filter((pool) => pool.metadata.labels?.["strimzi.io/cluster"] === kafka.metadata.name);
    const roles = new Set(pools.flatMap((pool) => (pool.spec.replicas > 0 ? pool.spec.roles : [])));
    return ["controller", "broker"]
      .filter((role) => !roles.has(role))
      .map((role) => `${objectName(kafka)} KafkaNodePool spec.roles: no node pool with replicas has the ${role} role`);
  });
}

// The slowest image per RTX 3090 in the capacity model (docs/operations.md section 6: Q4_K,
// 203.3 s at paper scale), and the generator's worker channel.
const SLOWEST_IMAGE_MS = 203_300;
const GENERATE_TASK_TOPIC = "halftone.generate.task";

/** The value a ConfigMap gives a container's environment variable, or undefined. */
function configMapValue(container, objects, variable) {
  const configured = containerEnvironment(container, objects).find((candidate) => candidate.name === variable);
  const configMap = configured && objects.find((object) => `ConfigMap ${object.metadata.name}` === configured.source);
  return configMap?.data?.[variable];
}

/** max.poll.records of the worker channel in the generator's application.properties (Kafka's default 500 when unset). */
function generatorMaxPollRecords(repositoryRoot) {
  const file = path.join(repositoryRoot, "services/generator/src/main/resources/application.properties");
  const key = incomingChannelKey(GENERATE_TASK_TOPIC, "max.poll.records");
  const line = readFileSync(file, "utf8").split(/\r?\n/).find((candidate) => candidate.startsWith(`${key}=`));
  return line === undefined ? 500 : Number(line.slice(key.length + 1).trim());
}

/**
 * A generator busy with the images of one poll stays healthy and in its group: the worker
 * channel's throttled.unprocessed-record-max-age.ms (past it SmallRye fails /q/health/live)
 * covers max.poll.records images at the slowest measured rate, and max.poll.interval.ms is at
 * least that age, so a slow worker is restarted by its probe before the broker hands its task
 * to another worker.
 */
export function generatorLongRecordViolations(objects, { repositoryRoot }) {
  const generator = named(objects, "Deployment", GENERATOR_DEPLOYMENT);
  if (generator === undefined) return [`Deployment/${GENERATOR_DEPLOYMENT}: not rendered`];
  const container = podSpec(generator).containers[0];
  const field = `${objectName(generator)} spec.template.spec.containers[0]`;
  const ageVariable = environmentVariableName(incomingChannelKey(GENERATE_TASK_TOPIC, "throttled.unprocessed-record-max-age.ms"));
  const pollVariable = environmentVariableName(incomingChannelKey(GENERATE_TASK_TOPIC, "max.poll.interval.ms"));
  const age = configMapValue(container, objects, ageVariable);
  const poll = configMapValue(container, objects, pollVariable);
  const records = generatorMaxPollRecords(repositoryRoot);
  const needed = records * SLOWEST_IMAGE_MS;
  const violations = [];
  if (age === undefined) {
    violations.push(`${field} ${ageVariable}: not set from a ConfigMap (SmallRye's default, 60000, fails busy workers' liveness)`);
  } else if (!(Number(age) >= needed)) {
    violations.push(`${field} ${ageVariable}: ${age} is below ${needed}, ${records} images (max.poll.records) of ${SLOWEST_IMAGE_MS} ms`);
  }
  if (poll === undefined) {
    violations.push(`${field} ${pollVariable}: not set from a ConfigMap (Kafka's default, 300000, is below ${ageVariable})`);
  } else if (age !== undefined && !(Number(poll) >= Number(age))) {
    violations.push(`${field} ${pollVariable}: ${poll} is below ${ageVariable} ${age}`);
  }
  return violations;
}
