// Invariants that keep credentials out of git and traffic to what Halftone needs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { objectName } from "./rendered-overlay.mjs";
import { ofKind, podLabels, podSpec, selects, serviceDeployments, workloads } from "./kubernetes-objects.mjs";

/** Values in git-rendered Secrets must carry this prefix: visibly not a real credential. */
export const PLACEHOLDER_PREFIX = "PLACEHOLDER-";
/** Secrets that an operator creates outside git; docs/operations.md says how. */
export const EXTERNAL_SECRETS = ["halftone-s3-credentials"];
const SECRET_LOOKING_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY|API_KEY/;

function looksSecret(name) {
  return SECRET_LOOKING_NAME.test(name.replace(/[^A-Za-z0-9]/g, "_").toUpperCase());
}

function secretReferences(workload) {
  const pod = podSpec(workload);
  const fromContainers = pod.containers.flatMap((container) => [
    ...(container.env ?? []).flatMap((entry) => (entry.valueFrom?.secretKeyRef ? [entry.valueFrom.secretKeyRef.name] : [])),
    ...(container.envFrom ?? []).flatMap((reference) => (reference.secretRef ? [reference.secretRef.name] : [])),
  ]);
  const fromVolumes = (pod.volumes ?? []).flatMap((volume) => (volume.secret ? [volume.secret.secretName] : []));
  return [...fromContainers, ...fromVolumes];
}

export function plaintextSecretViolations(objects, { repositoryRoot }) {
  const violations = [];
  for (const secret of ofKind(objects, "Secret")) {
    for (const [key, encoded] of Object.entries(secret.data ?? {})) {
      if (!Buffer.from(encoded, "base64").toString("utf8").startsWith(PLACEHOLDER_PREFIX)) {
        violations.push(`${objectName(secret)} data.${key}: not a ${PLACEHOLDER_PREFIX} value; real credentials belong in a Secret created outside git`);
      }
    }
    for (const [key, value] of Object.entries(secret.stringData ?? {})) {
      if (!value.startsWith(PLACEHOLDER_PREFIX)) {
        violations.push(`${objectName(secret)} stringData.${key}: not a ${PLACEHOLDER_PREFIX} value; real credentials belong in a Secret created outside git`);
      }
    }
  }
  for (const configMap of ofKind(objects, "ConfigMap")) {
    for (const key of Object.keys(configMap.data ?? {}).filter(looksSecret)) {
      violations.push(`${objectName(configMap)} data.${key}: looks like a credential; put it in a Secret`);
    }
  }
  for (const workload of workloads(objects)) {
    podSpec(workload).containers.forEach((container, index) => {
      (container.env ?? []).forEach((entry, entryIndex) => {
        if (entry.value !== undefined && looksSecret(entry.name)) {
          violations.push(`${objectName(workload)} spec.template.spec.containers[${index}].env[${entryIndex}].value: ${entry.name} is written in plain text; use valueFrom.secretKeyRef`);
        }
      });
    });
  }
  for (const scaled of ofKind(objects, "ScaledObject")) {
    scaled.spec.triggers.forEach((trigger, index) => {
      for (const key of Object.keys(trigger.metadata ?? {}).filter(looksSecret)) {
        violations.push(`${objectName(scaled)} spec.triggers[${index}].metadata.${key}: looks like a credential; use a TriggerAuthentication`);
      }
    });
  }
  const rendered = new Set(ofKind(objects, "Secret").map((secret) => secret.metadata.name));
  const operations = readFileSync(path.join(repositoryRoot, "docs/operations.md"), "utf8");
  for (const workload of workloads(objects)) {
    for (const reference of secretReferences(workload)) {
      if (rendered.has(reference)) continue;
      if (!EXTERNAL_SECRETS.includes(reference)) {
        violations.push(`${objectName(workload)} spec.template.spec: refers to Secret ${reference}, which is neither rendered nor a documented external Secret`);
      } else if (!operations.includes(reference)) {
        violations.push(`${objectName(workload)} spec.template.spec: external Secret ${reference} is not documented in docs/operations.md`);
      }
    }
  }
  return violations;
}

// ---- NetworkPolicies ----

function policiesFor(objects, labels, policyType) {
  return ofKind(objects, "NetworkPolicy").filter((policy) =>
    selects(policy.spec.podSelector, labels) && (policy.spec.policyTypes ?? ["Ingress"]).includes(policyType));
}

/** True when some policy lets pods with `labels` send (Egress) or receive (Ingress) on `port` with a peer accepted by `peerMatches`. */
function allows(objects, labels, policyType, port, peerMatches) {
  const rulesKey = policyType === "Ingress" ? "ingress" : "egress";
  const peersKey = policyType === "Ingress" ? "from" : "to";
  return policiesFor(objects, labels, policyType).some((policy) =>
    (policy.spec[rulesKey] ?? []).some((rule) =>
      (rule.ports ?? []).some((candidate) => candidate.port === port) &&
      (rule[peersKey] ?? []).some(peerMatches)));
}

function podPeer(labels) {
  return (peer) => peer.namespaceSelector === undefined && selects(peer.podSelector, labels);
}

function namespacePeer(namespace) {
  return (peer) => selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": namespace });
}

export const PROMETHEUS_NAMESPACE = "monitoring";
export const INGRESS_NAMESPACE = "ingress-nginx";

export function networkPolicyViolations(objects) {
  const violations = [];
  const policies = ofKind(objects, "NetworkPolicy");
  for (const policy of policies) {
    for (const [rulesKey, peersKey] of [["ingress", "from"], ["egress", "to"]]) {
      (policy.spec[rulesKey] ?? []).forEach((rule, index) => {
        if (!(rule.ports?.length > 0)) violations.push(`${objectName(policy)} spec.${rulesKey}[${index}].ports: missing; a rule must name its ports`);
        if (!(rule[peersKey]?.length > 0)) violations.push(`${objectName(policy)} spec.${rulesKey}[${index}].${peersKey}: missing; a rule must name its peers`);
      });
    }
  }

  const halftonePods = workloads(objects).filter((workload) => podLabels(workload)["halftone.dev/workload"] !== undefined);
  for (const workload of halftonePods) {
    const labels = podLabels(workload);
    const denied = policies.some((policy) =>
      selects(policy.spec.podSelector, labels) &&
      ["Ingress", "Egress"].every((type) => policy.spec.policyTypes?.includes(type)) &&
      policy.spec.ingress === undefined && policy.spec.egress === undefined);
    if (!denied) violations.push(`${objectName(workload)} spec.template.metadata.labels: no deny-all NetworkPolicy selects these pods`);
    const dns = (peer) => selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": "kube-system" });
    if (!allows(objects, labels, "Egress", 53, dns)) violations.push(`${objectName(workload)} spec.template.metadata.labels: no NetworkPolicy allows DNS (53) egress`);
  }

  const kafka = ofKind(objects, "Kafka")[0];
  const brokerLabels = { "strimzi.io/cluster": kafka?.metadata.name, "strimzi.io/broker-role": "true" };
  const plainListener = kafka?.spec.kafka.listeners.find((listener) => listener.port === 9092 && !listener.tls);
  const objectStore = workloads(objects).find((workload) => podLabels(workload)["halftone.dev/workload"] === "object-store");
  for (const deployment of serviceDeployments(objects)) {
    const name = objectName(deployment);
    const labels = podLabels(deployment);
    if (!allows(objects, labels, "Egress", 9092, podPeer(brokerLabels))) violations.push(`${name} spec.template.metadata.labels: no NetworkPolicy allows egress to the Kafka brokers on 9092`);
    if (!(plainListener?.networkPolicyPeers ?? []).some(podPeer(labels))) {
      violations.push(`Kafka/${kafka?.metadata.name} spec.kafka.listeners[plain].networkPolicyPeers: does not admit the pods of ${name}`);
    }
    if (objectStore !== undefined) {
      if (!allows(objects, labels, "Egress", 9000, podPeer(podLabels(objectStore)))) violations.push(`${name} spec.template.metadata.labels: no NetworkPolicy allows egress to MinIO on 9000`);
      if (!allows(objects, podLabels(objectStore), "Ingress", 9000, podPeer(labels))) violations.push(`${objectName(objectStore)} spec.template.metadata.labels: no NetworkPolicy admits ${name} on 9000`);
    }
    if (!allows(objects, labels, "Ingress", 8080, namespacePeer(PROMETHEUS_NAMESPACE))) violations.push(`${name} spec.template.metadata.labels: no NetworkPolicy admits Prometheus (namespace ${PROMETHEUS_NAMESPACE}) on 8080`);
  }
  const stats = serviceDeployments(objects).find((deployment) => deployment.metadata.name === "halftone-stats");
  if (stats !== undefined && !allows(objects, podLabels(stats), "Ingress", 8080, namespacePeer(INGRESS_NAMESPACE))) {
    violations.push(`${objectName(stats)} spec.template.metadata.labels: no NetworkPolicy admits the ingress controller (namespace ${INGRESS_NAMESPACE}) to the dashboard on 8080`);
  }
  return violations;
}
