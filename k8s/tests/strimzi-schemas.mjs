// JSON schemas for the Strimzi custom resources Halftone writes (kafka.strimzi.io/v1:
// Kafka, KafkaNodePool, KafkaTopic), written from the Strimzi Custom Resource API Reference.
// No npm package ships Strimzi models, so these cover the fields Halftone uses plus their
// documented siblings; a field missing here is reported as unknown. Before adding one,
// check it exists in the reference for the Strimzi version in docs/operations.md.
// Embedded Kubernetes types (affinity, resources, ...) are checked by kubernetes-models.
import Ajv from "ajv";
import { validate as validateAffinity } from "kubernetes-models/_schemas/IoK8sApiCoreV1Affinity";
import { validate as validateNetworkPolicyPeer } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1NetworkPolicyPeer";
import { validate as validateResourceRequirements } from "kubernetes-models/_schemas/IoK8sApiCoreV1ResourceRequirements";
import { validate as validateToleration } from "kubernetes-models/_schemas/IoK8sApiCoreV1Toleration";
import { validate as validateObjectMeta } from "@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta";

const kubernetesValidators = {
  Affinity: validateAffinity,
  NetworkPolicyPeer: validateNetworkPolicyPeer,
  ObjectMeta: validateObjectMeta,
  ResourceRequirements: validateResourceRequirements,
  Toleration: validateToleration,
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

// {"kubernetesType": "Affinity"} validates the value with kubernetes-models' schema.
ajv.addKeyword({
  keyword: "kubernetesType",
  schemaType: "string",
  errors: true,
  validate: function validateKubernetesType(typeName, data, _parentSchema, dataContext) {
    const validate = kubernetesValidators[typeName];
    if (validate(data, { instancePath: dataContext.instancePath })) return true;
    validateKubernetesType.errors = validate.errors;
    return false;
  },
});

const metadata = { kubernetesType: "ObjectMeta" };
const resources = { kubernetesType: "ResourceRequirements" };
// Kafka and topic configuration: any broker or topic key, scalar values.
const configuration = {
  type: "object",
  additionalProperties: { type: ["string", "number", "boolean"] },
};

const volume = {
  type: "object",
  required: ["type"],
  properties: {
    id: { type: "integer", minimum: 0 },
    type: { enum: ["ephemeral", "persistent-claim"] },
    size: { type: "string" },
    sizeLimit: { type: "string" },
    class: { type: "string" },
    deleteClaim: { type: "boolean" },
    kraftMetadata: { enum: ["shared"] },
  },
};

const podTemplate = {
  type: "object",
  properties: {
    metadata: {
      type: "object",
      properties: {
        labels: { type: "object", additionalProperties: { type: "string" } },
        annotations: { type: "object", additionalProperties: { type: "string" } },
      },
    },
    affinity: { kubernetesType: "Affinity" },
    tolerations: { type: "array", items: { kubernetesType: "Toleration" } },
    priorityClassName: { type: "string" },
    terminationGracePeriodSeconds: { type: "integer", minimum: 0 },
  },
};

const kafkaNodePool = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "kafka.strimzi.io/v1" },
    kind: { const: "KafkaNodePool" },
    metadata,
    spec: {
      type: "object",
      required: ["replicas", "roles", "storage"],
      properties: {
        replicas: { type: "integer", minimum: 0 },
        roles: {
          type: "array",
          minItems: 1,
          uniqueItems: true,
          items: { enum: ["controller", "broker"] },
        },
        storage: {
          type: "object",
          required: ["type"],
          properties: {
            type: { enum: ["ephemeral", "persistent-claim", "jbod"] },
            volumes: { type: "array", minItems: 1, items: volume },
            size: { type: "string" },
            sizeLimit: { type: "string" },
            class: { type: "string" },
            deleteClaim: { type: "boolean" },
            kraftMetadata: { enum: ["shared"] },
          },
        },
        resources,
        template: {
          type: "object",
          properties: { pod: podTemplate },
        },
      },
    },
  },
};

const listener = {
  type: "object",
  required: ["name", "port", "type", "tls"],
  properties: {
    name: { type: "string", pattern: "^[a-z0-9]{1,11}$" },
    port: { type: "integer", minimum: 9092 },
    type: { enum: ["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"] },
    tls: { type: "boolean" },
    networkPolicyPeers: { type: "array", items: { kubernetesType: "NetworkPolicyPeer" } },
  },
};

const kafka = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "kafka.strimzi.io/v1" },
    kind: { const: "Kafka" },
    metadata,
    spec: {
      type: "object",
      required: ["kafka"],
      properties: {
        kafka: {
          type: "object",
          required: ["listeners"],
          properties: {
            version: { type: "string" },
            metadataVersion: { type: "string" },
            listeners: { type: "array", minItems: 1, items: listener },
            config: configuration,
          },
        },
        entityOperator: {
          type: "object",
          properties: {
            topicOperator: {
              type: "object",
              properties: {
                watchedNamespace: { type: "string" },
                reconciliationIntervalMs: { type: "integer", minimum: 0 },
                resources,
              },
            },
            userOperator: {
              type: "object",
              properties: {
                watchedNamespace: { type: "string" },
                reconciliationIntervalMs: { type: "integer", minimum: 0 },
                resources,
              },
            },
          },
        },
      },
    },
  },
};

const kafkaTopic = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "kafka.strimzi.io/v1" },
    kind: { const: "KafkaTopic" },
    metadata,
    spec: {
      type: "object",
      properties: {
        topicName: { type: "string" },
        partitions: { type: "integer", minimum: 1 },
        replicas: { type: "integer", minimum: 1, maximum: 32767 },
        config: configuration,
      },
    },
  },
};

/** Validation functions by kind, with kubernetes-models' calling convention. */
export const strimziValidators = {
  Kafka: ajv.compile(kafka),
  KafkaNodePool: ajv.compile(kafkaNodePool),
  KafkaTopic: ajv.compile(kafkaTopic),
};
