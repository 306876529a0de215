// Validates rendered objects against the Kubernetes, KEDA, prometheus-operator and
// Strimzi schemas, and reports every field those schemas do not define.
//
// kubernetes-models' validators check types and required fields but accept misspelled
// fields. They are compiled ajv code that reads each property its schema defines, so
// the object is handed to them behind a Proxy that records every property read: a
// property the validator never read is one the schema does not know.
import { fieldPath, objectName } from "./rendered-overlay.mjs";
import { strimziValidators } from "./strimzi-schemas.mjs";

// apiVersion -> module prefix of the model classes for that group/version.
const thirdPartyModels = {
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

async function validatorFor(apiVersion, kind) {
  if (apiVersion === "kafka.strimzi.io/v1") return strimziValidators[kind];
  const modulePath = thirdPartyModels[apiVersion] ?? `kubernetes-models/${apiVersion}`;
  let model;
  try {
    model = (await import(`${modulePath}/${kind}`))[kind];
  } catch {
    return undefined;
  }
  // A model's prototype.validate runs its compiled schema on `this` and throws on errors.
  return function validateModel(data) {
    try {
      model.prototype.validate.call(data);
      return true;
    } catch (error) {
      if (!Array.isArray(error.errors)) throw error;
      validateModel.errors = error.errors;
      return false;
    }
  };
}

/** Wraps `value` so that every own property read is recorded in `readPointers`. */
function trackReads(value, pointer, readPointers) {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const property = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || !Object.hasOwn(target, key)) return property;
      const childPointer = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      readPointers.add(childPointer);
      return trackReads(property, childPointer, readPointers);
    },
  });
}

function unreadPointers(value, pointer, readPointers) {
  if (value === null || typeof value !== "object") return [];
  return Object.keys(value).flatMap((key) => {
    const childPointer = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    return readPointers.has(childPointer)
      ? unreadPointers(value[key], childPointer, readPointers)
      : [childPointer];
  });
}

function describeSchemaError(error) {
  const details = error.params?.missingProperty
    ? `required field ${error.params.missingProperty} is missing`
    : error.message ?? `${error.keyword} ${JSON.stringify(error.params)}`;
  return `${fieldPath(error.instancePath) || "(object)"}: ${details}`;
}

/** Schema errors and unknown fields of one object, each message naming object and field. */
export async function schemaViolations(object) {
  const name = objectName(object);
  const validate = await validatorFor(object.apiVersion, object.kind);
  if (validate === undefined) {
    return [`${name}: no schema for apiVersion ${object.apiVersion} kind ${object.kind}`];
  }
  const readPointers = new Set();
  const valid = validate(trackReads(object, "", readPointers));
  const violations = valid
    ? []
    : validate.errors.map((error) => `${name} ${describeSchemaError(error)}`);
  for (const pointer of unreadPointers(object, "", readPointers)) {
    violations.push(`${name} ${fieldPath(pointer)}: unknown field (not in the ${object.kind} schema)`);
  }
  return violations;
}
