#!/usr/bin/env bash
# Offline checks of k8s/: yamllint over the sources, then node's test runner renders every
# overlay and fixture with `kubectl kustomize` and checks schemas, unknown fields and
# Halftone's invariants. Needs kubectl (kustomize v5), yamllint, node >= 20, and the npm
# packages of package-lock.json (installed here with `npm ci` when missing).
set -euo pipefail

tests_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
k8s_dir="$(dirname "$tests_dir")"

require() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "k8s/tests: '$1' not found: $2" >&2
    exit 1
  fi
}
require kubectl "the project's machine image ships it (kubectl with kustomize v5); Debian's kubernetes-client is too old"
require yamllint "apt-get install yamllint"
require node "Node.js 20 or newer"
require npm "Node.js 20 or newer"

kustomize_major="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
if [[ -z "$kustomize_major" || "$kustomize_major" -lt 5 ]]; then
  echo "k8s/tests: kubectl must embed kustomize v5 or newer (found '${kustomize_major:-none}')" >&2
  exit 1
fi

if [[ ! -d "$tests_dir/node_modules" ]]; then
  npm ci --prefix "$tests_dir" --no-audit --no-fund
fi

yamllint --strict -c "$tests_dir/yamllint.yaml" "$k8s_dir/base" "$k8s_dir/overlays" "$tests_dir/fixtures"
echo "yamllint: k8s/base, k8s/overlays and k8s/tests/fixtures are clean"

node --test "$tests_dir"/*.test.mjs
