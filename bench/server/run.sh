#!/usr/bin/env bash
# Server load test on loopback: 32 clients, a cached small query and an uncached aggregate over the
# demo orders, against the same aggregate straight on DuckDB in the same run.
#   bench/server/run.sh [REQUESTS_CACHED] [REQUESTS_UNCACHED]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
jar="$root/assay-cli/target/assay.jar"
[ -f "$jar" ] || "$root/assay" --version >/dev/null
export ASSAY_ADMIN_PASSWORD=load-bench-password
java -cp "$jar" bench/server/LoadBench.java "$jar" "${1:-20000}" "${2:-2000}"
