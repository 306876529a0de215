// The images k8s deploys are the images the Maven build produces: the root pom's
// halftone.image.* properties, passed to quarkus.container-image.* by every service, give
// exactly the names and tags of `images:` in k8s/base/kustomization.yaml.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { k8sDirectory, repositoryRoot } from "./rendered-overlay.mjs";
import { builtImage, rootPomProperties } from "./image-names.mjs";

const SERVICES = ["profiler", "quantizer", "gguf-encoder", "generator", "scorer", "stats"];
const kustomization = parse(readFileSync(path.join(k8sDirectory, "base/kustomization.yaml"), "utf8"));

test("the root pom sets the image registry, group and tag once; the tag is the project version", () => {
  const properties = rootPomProperties(repositoryRoot);
  assert.ok(properties.get("halftone.image.registry"), "pom.xml <properties> halftone.image.registry: missing");
  assert.ok(properties.get("halftone.image.group"), "pom.xml <properties> halftone.image.group: missing");
  assert.equal(properties.get("halftone.image.tag"), properties.get("project.version"),
    "pom.xml <properties> halftone.image.tag: must be the project version");
});

for (const service of SERVICES) {
  test(`${service}: k8s/base/kustomization.yaml images: names the image services/${service} builds`, () => {
    const { image, violations } = builtImage(repositoryRoot, service);
    assert.deepEqual(violations, []);
    const entries = kustomization.images.filter((entry) => entry.name === `halftone/${service}`);
    assert.equal(entries.length, 1, `k8s/base/kustomization.yaml images: needs exactly one entry named halftone/${service}`);
    assert.equal(`${entries[0].newName}:${entries[0].newTag}`, image,
      `k8s/base/kustomization.yaml images[name=halftone/${service}]: newName:newTag differs from the Maven build's image`);
  });
}

test("an image part not from the root pom, or a wrong name, fails naming the file and key", (t) => {
  const root = mkdtempSync(path.join(tmpdir(), "halftone-images-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const pom = (passThroughRegistry) => writeFileSync(path.join(root, "pom.xml"), [
    "<project><artifactId>halftone-parent</artifactId><version>1.2.3</version><properties>",
    "<halftone.image.registry>registry.example.com</halftone.image.registry>",
    "<halftone.image.group>halftone</halftone.image.group>",
    "<halftone.image.tag>${project.version}</halftone.image.tag>",
    `<quarkus.container-image.registry>${passThroughRegistry}</quarkus.container-image.registry>`,
    "<quarkus.container-image.group>${halftone.image.group}</quarkus.container-image.group>",
    "<quarkus.container-image.tag>${halftone.image.tag}</quarkus.container-image.tag>",
    "</properties></project>",
  ].join("\n"));
  const write = (service, lines) => {
    const directory = path.join(root, "services", service, "src/main/resources");
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, "application.properties"), lines.join("\n") + "\n");
  };
  pom("${halftone.image.registry}");
  write("scorer", ["quarkus.application.name=scorer", "quarkus.container-image.name=scorer"]);
  assert.deepEqual(builtImage(root, "scorer"), { image: "registry.example.com/halftone/scorer:1.2.3", violations: [] });

  write("stats", ["quarkus.container-image.registry=quay.io", "quarkus.container-image.name=statistics"]);
  assert.deepEqual(builtImage(root, "stats").violations, [
    "services/stats/src/main/resources/application.properties quarkus.container-image.registry: set here, overriding the root pom.xml (set it only there, as halftone.image.registry)",
    "services/stats/src/main/resources/application.properties quarkus.container-image.name: is statistics, expected stats (the service's directory name)",
  ]);

  pom("quay.io");
  assert.deepEqual(builtImage(root, "scorer").violations, [
    "pom.xml <properties> quarkus.container-image.registry: is quay.io, expected ${halftone.image.registry}",
  ]);
});
