#!/usr/bin/env bash
# Every speed goal of Assay in one run, each against its reference, paired (Assay, reference, Assay, reference …)
# so that a busy moment of the machine hits both alike; whole processes are timed from outside, JVM start included.
# Writes bench/results.md (the table, every run's figures and this command) and prints the same.
#
#   bench/run.sh [RUNS]        RUNS paired runs per row, default 5; the medians are reported
#
# Needs: the jar (built on first use by ./assay), /usr/bin/python3 with pandas (apt-get install -y python3-pandas)
# for the pandas rows; the data is generated inside DuckDB under bench/work/ (never checked in).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-5}"
work="$root/bench/work/all"
mkdir -p "$work"
"$root/assay" --version >/dev/null              # builds the jar (and its class-data archive) when the sources changed
jar="$root/assay-cli/target/assay.jar"
peer="$root/../shared/peers/pandas_profile.py"
log="$work/runs.log"
: > "$log"

# The references, compiled once so that no row pays the source launcher's compile.
classes="$work/classes"
mkdir -p "$classes"
javac -d "$classes" -cp "$jar" bench/reference/Summarize.java bench/reference/ReferenceLoad.java

assay() { "$root/assay" --no-progress "$@"; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>>"$log" || { echo "failed: $*" >&2; tail -5 "$log" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
secs() { awk -v m="$1" 'BEGIN {printf "%.2f s", m / 1000}'; }

# A flights-like table (date, delay, distance, origin, destination) generated in the engine, written as CSV.
generate() {
  local rows=$1 out=$2
  [ -f "$out" ] && return
  echo "generating $out ..."
  rm -rf "$work/gen"
  assay --data-dir "$work/gen" query "SELECT DATE '2024-01-01' + CAST(hash(range) % 366 AS INTEGER) AS date,
      CAST(round(((hash(range * 3) % 1000) / 1000.0 - 0.3) * 60 + CASE WHEN range % 97 = 0 THEN 300 ELSE 0 END) AS INTEGER) AS delay,
      100 + CAST(hash(range * 7) % 2500 AS INTEGER) AS distance,
      'A' || lpad(CAST(hash(range * 11) % 300 AS VARCHAR), 3, '0') AS origin,
      'A' || lpad(CAST(hash(range * 13) % 300 AS VARCHAR), 3, '0') AS destination
      FROM range($rows)" --format csv --out "$out" >/dev/null
}
generate 3000000 "$work/flights-3m.csv"
generate 1000000 "$work/flights-1m.csv"

pandas_ok=0
/usr/bin/python3 -c 'import pandas' 2>/dev/null && [ -f "$peer" ] && pandas_ok=1

declare -A A R          # per row: Assay's and the reference's times (ms), space-separated
pair() {                # pair ROW 'assay command' 'reference command'
  local row=$1 a r
  for i in $(seq 1 "$runs"); do
    a=$(eval "$2"); r=$(eval "$3")
    A[$row]+="$a "; R[$row]+="$r "
    echo "$row run $i: assay $a ms, reference $r ms" | tee -a "$log"
  done
}

if [ "$pandas_ok" = 1 ]; then
  for size in 3m 1m; do
    csv="$work/flights-$size.csv"
    pair "file-$size" \
      "rm -rf '$work/d-file'; ms assay --data-dir '$work/d-file' analyze '$csv' --mode full" \
      "ms /usr/bin/python3 '$peer' '$csv' --dates date"
  done
else
  echo "pandas is missing (apt-get install -y python3-pandas): the pandas rows are skipped" | tee -a "$log"
fi

# The same table imported once; analysed in place, against SUMMARIZE of the same warehouse file in its own JVM.
data="$work/d-table"
rm -rf "$data"
assay --data-dir "$data" import "$work/flights-3m.csv" --name flights >/dev/null
summarize="ms java -cp '$jar:$classes' Summarize '$data/warehouse.duckdb' flights"
pair table-full "ms assay --data-dir '$data' analyze flights --mode full" "$summarize"
pair table-quick "ms assay --data-dir '$data' analyze flights --mode quick" "$summarize"
pair import \
  "ms assay --data-dir '$data' import '$work/flights-3m.csv' --name flights --replace" \
  "ms java -cp '$jar:$classes' ReferenceLoad '$work/flights-3m.csv' '$work/reference.duckdb'"

# 6M x 16 in one JVM (its own alternating runs), and the server under 32 clients.
wide=$(java -Xmx256m -cp "$jar" bench/analysis/AnalysisBench.java 6000000 "$runs" 2>>"$log" | tee -a "$log" | grep '^median')
export ASSAY_ADMIN_PASSWORD=load-bench-password
server=$(java -cp "$jar" bench/server/LoadBench.java "$jar" 20000 2000 2>>"$log" | tee -a "$log")

row() {  # row LABEL KEY REFERENCE_LABEL GOAL_MAX
  local label=$1 key=$2 ref=$3 goal=$4 a r x
  if [ -z "${A[$key]:-}" ]; then
    echo "| $label | – | $ref | – | ≤ ${goal}× | not run |"
    return
  fi
  a=$(echo "${A[$key]}" | median); r=$(echo "${R[$key]}" | median); x=$(ratio "$a" "$r")
  echo "| $label | $(secs "$a") | $ref: $(secs "$r") | ${x}× | ≤ ${goal}× | $(awk -v x="$x" -v g="$goal" 'BEGIN {print (x <= g) ? "met" : "not met"}') |"
}

wide_assay=$(echo "$wide" | sed -E 's/.*full ([0-9.]+) s \(([0-9.]+)x\).*/\1/')
wide_ratio=$(echo "$wide" | sed -E 's/.*full ([0-9.]+) s \(([0-9.]+)x\).*/\2/')
wide_ref=$(echo "$wide" | sed -E 's/.*SUMMARIZE ([0-9.]+) s.*/\1/')
cached=$(echo "$server" | grep '^cached')
cached_p99=$(echo "$cached" | sed -E 's/.*p99 +([0-9.]+) ms.*/\1/')
uncached_ratio=$(echo "$server" | sed -nE 's/.*throughput ([0-9.]+)x.*/\1/p')
uncached_rps=$(echo "$server" | grep '^uncached aggregate' | sed -E 's/.* ([0-9]+) req\/s.*/\1/')
reference_rps=$(echo "$server" | grep '^reference' | sed -E 's/.* ([0-9]+) req\/s.*/\1/')

results="$root/bench/results.md"
{
  echo "# Assay's speed goals, measured in one run"
  echo
  echo "Made by \`bench/run.sh $runs\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo),"
  echo "$(java -version 2>&1 | sed -n 1p), load average before the run $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Rows 1–5 are whole processes timed from outside, $runs paired runs (Assay, reference, Assay, reference …), medians;"
  echo "the ratio is Assay's median over the reference's. The data is generated in DuckDB: a flights-like table"
  echo "(date, delay, distance, origin, destination) of 3,000,000 rows ($(du -m "$work/flights-3m.csv" | cut -f1) MB as CSV) and 1,000,000 rows."
  echo "Written by the script; edit the script, not this file."
  echo
  echo "| work | Assay | reference | ratio | goal | |"
  echo "|---|---:|---|---:|---:|---|"
  row "\`assay analyze FILE.csv --mode full\`, 3M rows (import + full profile + HTML report)" file-3m "pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)' 2>/dev/null || echo '–') profile" 0.5
  row "the same, 1M rows" file-1m "pandas profile" 0.5
  row "\`assay analyze DATASET --mode full\` (the 3M table, imported)" table-full "DuckDB \`SUMMARIZE\` in its own JVM" 1.5
  row "\`assay analyze DATASET --mode quick\`" table-quick "\`SUMMARIZE\`" 1.0
  row "\`assay import FILE.csv\` (3M rows)" import "DuckDB \`CREATE TABLE AS SELECT * FROM read_csv(…)\` + \`CHECKPOINT\` in its own JVM" 1.1
  echo "| full analysis, 6M × 16 (bench/analysis, one JVM, medians of $runs) | ${wide_assay} s | \`SUMMARIZE\`: ${wide_ref} s | ${wide_ratio}× | ≤ 1.5× | $(awk -v x="$wide_ratio" 'BEGIN {print (x <= 1.5) ? "met" : "not met"}') |"
  echo "| cached query over HTTP, 32 clients (bench/server) | p99 ${cached_p99} ms | – | – | p99 < 10 ms | $(awk -v x="$cached_p99" 'BEGIN {print (x < 10) ? "met" : "not met"}') |"
  echo "| uncached aggregate over HTTP, 32 clients | ${uncached_rps} req/s | DuckDB over JDBC, same 32 threads: ${reference_rps} req/s | ${uncached_ratio}× | ≥ 0.8× | $(awk -v x="$uncached_ratio" 'BEGIN {print (x >= 0.8) ? "met" : "not met"}') |"
  echo
  echo "## Every run"
  echo
  echo '```'
  grep -E ' run [0-9]+:|^run [0-9]+:|^median|req/s|throughput|pandas is missing' "$log" || true
  echo '```'
} > "$results"
cat "$results"
