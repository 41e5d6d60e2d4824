#!/usr/bin/env bash
# Import benchmark: Assay's import against DuckDB's own reader on the same files, in the same run,
# and the peak Java heap of a 10-million-row export streamed through the JVM.
#   bench/import/run.sh [ROWS]        (ROWS of the generated CSV, default 10000000)
# Results go to stdout and bench/import/results.md is written by hand from them (with the command).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rows="${1:-10000000}"
work="$root/bench/work/import"
mkdir -p "$work"
jar="$root/assay-cli/target/assay.jar"
[ -f "$jar" ] || "$root/assay" --version >/dev/null   # builds the jar on first use
jar="$root/assay-cli/target/assay.jar"
shared="$root/../shared/datasets/vega/flights-20k.json"
data="$work/assay-data"
rm -rf "$data"

csv="$work/orders-$rows.csv"
if [ ! -f "$csv" ]; then
  echo "generating $csv ..."
  java -jar "$jar" --data-dir "$data" --no-progress query "SELECT range AS order_id, 1 + (range * 7919) % 50000 AS customer_id,
      DATE '2024-01-01' + CAST(range % 730 AS INTEGER) AS order_date,
      ['web','mobile','store'][1 + range % 3] AS channel, ['North America','Europe','APAC','LATAM'][1 + (range // 7) % 4] AS region,
      round(5 + (range * 2654435761 % 100000) / 250.0, 2) AS amount, (range % 5) + 1 AS items,
      CASE WHEN range % 50 = 0 THEN 'cancelled' ELSE 'completed' END AS status
      FROM range($rows)" --format csv --out "$csv"
fi
ls -l "$csv" | awk '{printf "csv: %s bytes\n", $5}'

time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

for file in "$shared" "$csv"; do
  [ -f "$file" ] || { echo "skip $file (absent)"; continue; }
  name=$(basename "$file")
  for run in 1 2 3; do
    rm -rf "$data"
    out=$(java -jar "$jar" --data-dir "$data" --no-progress import "$file" --name bench 2>&1)
    inner=$(echo "$out" | grep -o 'in [0-9.]* s' | head -1)
    wall=$(time_ms java -jar "$jar" --data-dir "$data" --no-progress import "$file" --name bench --replace)
    ref=$(java -cp "$jar" "$root/bench/reference/ReferenceLoad.java" "$file" "$work/ref.duckdb")
    echo "$name run $run: assay import $inner (whole command with JVM start, --replace: ${wall} ms) | duckdb read alone: ${ref%% *} ms (${ref##* } rows)"
  done
done

echo "peak heap of streaming $rows rows to CSV through the JVM under -Xmx256m:"
java -Xmx256m -cp "$jar" "$root/bench/import/HeapProbe.java" --data-dir "$data" --no-progress \
  query "SELECT * FROM bench" --format csv > "$work/export.csv"
wc -l < "$work/export.csv" | awk '{printf "exported lines (with header): %s\n", $1}'
echo "peak heap of the same export written by the engine (--out, Parquet) under -Xmx256m:"
java -Xmx256m -cp "$jar" "$root/bench/import/HeapProbe.java" --data-dir "$data" --no-progress \
  query "SELECT * FROM bench" --format parquet --out "$work/export.parquet"
