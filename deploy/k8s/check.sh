#!/usr/bin/env bash
# Renders every overlay under deploy/k8s/overlays with kubectl's built-in kustomize and validates the result against
# the Kubernetes API schemas, offline and strict (an unknown field fails, and so does a kind with no schema, which
# kubernetes-validate only warns about). Called by `make lint-deploy`; deploy/tests/test_k8s.py checks what the
# manifests say (security contexts, probes, routes, the connection budget).
#
#   deploy/k8s/check.sh   KUBECTL=path/to/kubectl KUBERNETES_VALIDATE=path/to/kubernetes-validate K8S_VERSIONS="1.33.0 1.37.0"
set -euo pipefail

validate="${KUBERNETES_VALIDATE:-kubernetes-validate}"
kubectl="${KUBECTL:-kubectl}"
# Paths relative to where we were called from (make's .venv/bin/…), before moving to this folder.
case "$validate" in */*) validate="$(cd "$(dirname "$validate")" && pwd)/$(basename "$validate")" ;; esac
case "$kubectl" in */*) kubectl="$(cd "$(dirname "$kubectl")" && pwd)/$(basename "$kubectl")" ;; esac
cd "$(dirname "$0")"
# The oldest Kubernetes the manifests support (CronJob timeZone, PDB unhealthyPodEvictionPolicy, matchLabelKeys and
# the preStop sleep are all there by 1.33) and the newest the validator knows.
read -r -a versions <<< "${K8S_VERSIONS:-1.33.0 1.37.0}"
version_args=()
for version in "${versions[@]}"; do version_args+=(-k "$version"); done

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT

for overlay in overlays/*/; do
  name="$(basename "$overlay")"
  "$kubectl" kustomize "$overlay" > "$rendered/$name.yaml"
  if ! report="$("$validate" --strict --quiet "${version_args[@]}" "$rendered/$name.yaml")"; then
    printf '%s\n' "$report"
    echo "k8s: overlay $name does not validate" >&2
    exit 1
  fi
  if [ -n "$report" ]; then
    printf '%s\n' "$report"
    echo "k8s: overlay $name: warnings above (a kind or apiVersion without a schema?)" >&2
    exit 1
  fi
  echo "k8s: overlay $name: $(grep -c '^kind:' "$rendered/$name.yaml") objects valid for Kubernetes ${versions[*]}"
done
