#!/usr/bin/env bash
# assay analyze on a 10-million-row Parquet table in local Spark (local[2], through Spark Connect and the assay-spark
# plugin) vs the same file analysed on DuckDB vs Spark's own DataFrame.summary(), in one run.
#   bench/spark/run.sh [ROWS]        default 10000000
# Needs: mvn -B -o -Pspark package -DskipTests -pl assay-cli,assay-spark/test-server,assay-spark -am
# (assay.jar, the plugin jar, and the Spark Connect server's class path). Work files go to bench/work/spark.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
rows="${1:-10000000}"
jar="$root/assay-cli/target/assay.jar"
plugin="$(ls "$root"/assay-spark/target/assay-spark-*-plugin.jar)"
cp_file="$root/assay-spark/test-server/target/spark-server.classpath"
work="$root/bench/work/spark"
rm -rf "$work" && mkdir -p "$work/install/plugins" "$work/spark-tmp"
cp "$jar" "$root"/assay-cli/target/libduckdb_java.so_* "$work/install/" && cp "$plugin" "$work/install/plugins/"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086
java -Xmx2g $opens -Dspark.master='local[2]' -Dspark.connect.grpc.binding.port="$port" -Dspark.connect.grpc.binding.address=127.0.0.1 \
  -Dspark.driver.host=127.0.0.1 -Dspark.sql.shuffle.partitions=2 -Dspark.ui.enabled=false -Dspark.sql.catalogImplementation=in-memory \
  -Dspark.sql.warehouse.dir="$work/warehouse" -Dspark.local.dir="$work/spark-tmp" -Djava.io.tmpdir="$work/spark-tmp" \
  -cp "$(cat "$cp_file")" org.apache.spark.sql.connect.service.SparkConnectServer > "$work/spark-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do (echo > /dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.5; done
url="sc://127.0.0.1:$port"
bench() { java $opens -cp "$plugin:$jar" bench/spark/SparkBench.java "$@" 2>/dev/null | grep "="; }
assay() { java -jar "$work/install/assay.jar" --data-dir "$work/data" "$@"; }
secs() { python3 -c "import time; print(time.time())"; }

echo "rows=$rows"
bench generate "$url" "$rows" "$work/parquet"
assay connect add spark --url "$url" >/dev/null
t0=$(secs); assay analyze spark.default.bench_spark > "$work/analyze-spark.md"; t1=$(secs)
spark_s=$(python3 -c "print(round($t1-$t0,1))")
echo "assay_analyze_spark_seconds=$spark_s"
parquet_file="$(ls "$work"/parquet/part-*.parquet | head -1)"
assay import "$parquet_file" --name bench_duck >/dev/null
t0=$(secs); assay analyze bench_duck > "$work/analyze-duckdb.md"; t1=$(secs)
duck_s=$(python3 -c "print(round($t1-$t0,1))")
echo "assay_analyze_duckdb_seconds=$duck_s"
summary_s=$(bench summary "$url" | sed -n 's/summary_seconds=\([0-9.]*\).*/\1/p')
echo "spark_summary_seconds=$summary_s"
python3 -c "print('ratio_spark_analyze_to_duckdb_analyze=%.2f' % ($spark_s/$duck_s)); print('ratio_spark_analyze_to_spark_summary=%.2f' % ($spark_s/$summary_s))"
head -3 "$work/analyze-spark.md" | tail -1
head -3 "$work/analyze-duckdb.md" | tail -1
