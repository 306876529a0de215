// Invariants of Halftone's pods: health probes, resources, hardening, disruption budgets,
// Services, metrics scraping and image pinning. Each check takes the rendered objects and
// returns violation messages that name the object and the field.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { objectName } from "./rendered-overlay.mjs";
import {
  containerPortNumber,
  ofKind,
  podLabels,
  podSpec,
  selects,
  serviceDeployments,
  workloads,
} from "./kubernetes-objects.mjs";

const QUARKUS_HTTP_PORT = 8080;
const READINESS_PATH = "/q/health/ready";
const LIVENESS_PATH = "/q/health/live";
const METRICS_PATH = "/q/metrics";

/** Visits every container of every workload, init containers too: visit(workload, container, field, isInit). */
function eachContainer(objects, visit) {
  return workloads(objects).flatMap((workload) => {
    const pod = podSpec(workload);
    return [
      ...(pod.initContainers ?? []).flatMap((container, index) =>
        visit(workload, container, `spec.template.spec.initContainers[${index}]`, true),
      ),
      ...pod.containers.flatMap((container, index) =>
        visit(workload, container, `spec.template.spec.containers[${index}]`, false),
      ),
    ];
  });
}

function isServiceWorkload(workload) {
  return podLabels(workload)["halftone.dev/workload"] === "service";
}

export function probeViolations(objects) {
  return eachContainer(objects, (workload, container, field, isInit) => {
    if (isInit) return [];  // Kubernetes allows no probes on init containers: they run to completion first
    const violations = [];
    for (const [probe, expectedPath] of [["readinessProbe", READINESS_PATH], ["livenessProbe", LIVENESS_PATH]]) {
      const definition = container[probe];
      if (definition === undefined) {
        violations.push(`${objectName(workload)} ${field}.${probe}: missing`);
        continue;
      }
      if (!isServiceWorkload(workload)) continue;
      const httpGet = definition.httpGet;
      if (httpGet?.path !== expectedPath) {
        violations.push(`${objectName(workload)} ${field}.${probe}.httpGet.path: is ${httpGet?.path}, expected ${expectedPath}`);
      }
      if (containerPortNumber(container, httpGet?.port) !== QUARKUS_HTTP_PORT) {
        violations.push(`${objectName(workload)} ${field}.${probe}.httpGet.port: does not reach container port ${QUARKUS_HTTP_PORT}`);
      }
    }
    return violations;
  });
}

export function resourceViolations(objects) {
  return eachContainer(objects, (workload, container, field) =>
    ["requests", "limits"].flatMap((bound) =>
      ["cpu", "memory"]
        .filter((resource) => container.resources?.[bound]?.[resource] === undefined)
        .map((resource) => `${objectName(workload)} ${field}.resources.${bound}.${resource}: missing`),
    ),
  );
}

export function hardeningViolations(objects) {
  return eachContainer(objects, (workload, container, field, isInit) => {
    const name = objectName(workload);
    const pod = podSpec(workload);
    const violations = [];
    if (container.securityContext?.runAsNonRoot !== true && pod.securityContext?.runAsNonRoot !== true) {
      violations.push(`${name} spec.template.spec.securityContext.runAsNonRoot: not true for ${field}`);
    }
    if (container.securityContext?.readOnlyRootFilesystem !== true) {
      violations.push(`${name} ${field}.securityContext.readOnlyRootFilesystem: not true`);
    }
    if (container.securityContext?.allowPrivilegeEscalation !== false) {
      violations.push(`${name} ${field}.securityContext.allowPrivilegeEscalation: not false`);
    }
    // The JVM's scratch; an init container runs no service and may do without.
    const tmpMount = (container.volumeMounts ?? []).find((mount) => mount.mountPath === "/tmp");
    const tmpVolume = (pod.volumes ?? []).find((volume) => volume.name === tmpMount?.name);
    if (!isInit && tmpVolume?.emptyDir === undefined) {
      violations.push(`${name} ${field}.volumeMounts: no emptyDir volume mounted at /tmp`);
    }
    return violations;
  });
}

export function disruptionBudgetViolations(objects) {
  const budgets = ofKind(objects, "PodDisruptionBudget");
  return workloads(objects).flatMap((workload) => {
    const matching = budgets.filter((budget) => selects(budget.spec.selector, podLabels(workload)));
    if (matching.length === 0) return [`${objectName(workload)} spec.template.metadata.labels: no PodDisruptionBudget selects these pods`];
    return matching
      .filter((budget) => typeof budget.spec.minAvailable === "number" && budget.spec.minAvailable >= (workload.spec.replicas ?? 1))
      .map((budget) => `${objectName(budget)} spec.minAvailable: ${budget.spec.minAvailable} blocks every drain of ${objectName(workload)}`);
  });
}

/** Every service Deployment has a Service, and the ServiceMonitor scrapes it on /q/metrics. */
export function metricsViolations(objects) {
  const services = ofKind(objects, "Service");
  const monitors = ofKind(objects, "ServiceMonitor");
  if (monitors.length === 0) return ["ServiceMonitor: none rendered"];
  return serviceDeployments(objects).flatMap((deployment) => {
    const service = services.find((candidate) => selects({ matchLabels: candidate.spec.selector }, podLabels(deployment)));
    if (service === undefined) return [`${objectName(deployment)} spec.template.metadata.labels: no Service selects these pods`];
    const container = podSpec(deployment).containers[0];
    const scraped = monitors.some((monitor) =>
      selects(monitor.spec.selector, service.metadata.labels ?? {}) &&
      monitor.spec.endpoints.some((endpoint) => {
        const port = service.spec.ports.find((candidate) => candidate.name === endpoint.port);
        return endpoint.path === METRICS_PATH &&
          port !== undefined &&
          containerPortNumber(container, port.targetPort ?? port.port) === QUARKUS_HTTP_PORT;
      }));
    return scraped ? [] : [`${objectName(service)} metadata.labels: no ServiceMonitor endpoint scrapes ${METRICS_PATH} on container port ${QUARKUS_HTTP_PORT}`];
  });
}

export function serviceSelectorViolations(objects) {
  return ofKind(objects, "Service")
    .filter((service) => !workloads(objects).some((workload) => selects({ matchLabels: service.spec.selector }, podLabels(workload))))
    .map((service) => `${objectName(service)} spec.selector: selects no workload's pods`);
}

/** The images the base kustomization sets, "name:tag": the one place images are named. */
export function baseImages(k8sDirectory) {
  const kustomization = parse(readFileSync(path.join(k8sDirectory, "base/kustomization.yaml"), "utf8"));
  return new Set(kustomization.images.map((image) => `${image.newName}:${image.newTag}`));
}

export function imageViolations(objects, { allowedImages, overlayKustomization }) {
  const violations = eachContainer(objects, (workload, container, field) => {
    if (!allowedImages.has(container.image)) {
      return [`${objectName(workload)} ${field}.image: ${container.image} is not one of the images set in k8s/base/kustomization.yaml`];
    }
    return container.image.endsWith(":latest") ? [`${objectName(workload)} ${field}.image: tag latest is not pinned`] : [];
  });
  if (overlayKustomization?.images !== undefined) {
    violations.push(`Kustomization images: overlays must not set images; k8s/base/kustomization.yaml is the one place`);
  }
  return violations;
}
