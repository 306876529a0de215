// Small queries over rendered objects shared by the invariant checks.

export function ofKind(objects, kind) {
  return objects.filter((object) => object.kind === kind);
}

export function named(objects, kind, name) {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

/** Deployments and StatefulSets: everything that runs Halftone's pods. */
export function workloads(objects) {
  return objects.filter((object) => object.kind === "Deployment" || object.kind === "StatefulSet");
}

/** The Deployments of the six services (label halftone.dev/workload=service). */
export function serviceDeployments(objects) {
  return ofKind(objects, "Deployment").filter(
    (deployment) => podLabels(deployment)["halftone.dev/workload"] === "service",
  );
}

export function podLabels(workload) {
  return workload.spec?.template?.metadata?.labels ?? {};
}

export function podSpec(workload) {
  return workload.spec?.template?.spec ?? {};
}

/** True when a LabelSelector (matchLabels and matchExpressions) selects `labels`. */
export function selects(selector, labels) {
  if (selector === undefined || selector === null) return false;
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const matchExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In":
        return key in labels && values.includes(labels[key]);
      case "NotIn":
        return !(key in labels) || !values.includes(labels[key]);
      case "Exists":
        return key in labels;
      case "DoesNotExist":
        return !(key in labels);
      default:
        return false;
    }
  });
  return matchLabels && matchExpressions;
}

/** The container port a probe or Service port refers to, by number or by name. */
export function containerPortNumber(container, port) {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port ?? "")) return Number(port);
  return (container.ports ?? []).find((candidate) => candidate.name === port)?.containerPort;
}
