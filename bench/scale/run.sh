#!/usr/bin/env bash
# How a full analysis grows with rows (width 5) and with width (at ROWS_FOR_WIDTHS rows), under -Xmx256m.
#   bench/scale/run.sh [ROWS,ROWS,…] [WIDTH,WIDTH,…] [ROWS_FOR_WIDTHS]     default 1000000,10000000,100000000  5,50,500  1000000
# The tables are generated inside DuckDB under bench/work/scale (the 100M-row one takes a few GB of disk).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
"$root/assay" --version >/dev/null
java -Xmx256m -cp "$root/assay-cli/target/assay.jar" bench/scale/ScaleBench.java "${1:-1000000,10000000,100000000}" "${2:-5,50,500}" "${3:-1000000}"
