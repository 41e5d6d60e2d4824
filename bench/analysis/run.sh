#!/usr/bin/env bash
# Analysis benchmark: Assay's quick and full modes against DuckDB's SUMMARIZE on the same generated
# 6-million-row, 16-column table, in one JVM, alternating runs.   bench/analysis/run.sh [ROWS] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
jar="$root/assay-cli/target/assay.jar"
[ -f "$jar" ] || "$root/assay" --version >/dev/null
java -Xmx256m -cp "$jar" bench/analysis/AnalysisBench.java "${1:-6000000}" "${2:-3}"
