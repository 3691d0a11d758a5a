#!/usr/bin/env bash
# Throughput and latency of POST /score (raw PNG, default settings) at several concurrencies, with wrk.
# Usage: src/bench/load.sh [seconds per level, default 60] ; writes target/bench/load.md and load.json.
# Needs wrk (apt-get install -y wrk) and a packaged app (./mvnw -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/server.sh
SECONDS_PER_LEVEL=${1:-60}
IMAGE=${IMAGE:-docs/examples/shoe.png}
OUT=target/bench
mkdir -p "$OUT"
start_server "$OUT/load-server.log"
curl -sf --data-binary @"$IMAGE" -H 'Content-Type: image/png' "$URL/score" > /dev/null   # warm-up

echo "| concurrency | images/s | p50 ms | p99 ms | errors |" > "$OUT/load.md"
echo "|---|---|---|---|---|" >> "$OUT/load.md"
echo "[" > "$OUT/load.json"
first=1
for c in 1 4 8 16; do
  result=$(IMAGE="$IMAGE" wrk -t1 -c"$c" -d"${SECONDS_PER_LEVEL}s" --timeout 60s --latency -s src/bench/score-image.lua "$URL/score")
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$result" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$result" | awk '/Non-2xx/ {print $5}')
  to_ms() { echo "$1" | awk '/ms$/ {sub("ms",""); print; next} /us$/ {sub("us",""); print $1/1000; next} /s$/ {sub("s",""); print $1*1000}'; }
  echo "| $c | $rps | $(to_ms "$p50") | $(to_ms "$p99") | ${errors:-0} |" >> "$OUT/load.md"
  [ $first = 1 ] || echo "," >> "$OUT/load.json"; first=0
  echo "{\"concurrency\": $c, \"imagesPerSecond\": $rps, \"p50\": \"$p50\", \"p99\": \"$p99\", \"errors\": ${errors:-0}}" >> "$OUT/load.json"
  echo "concurrency $c: $rps images/s, p50 $p50, p99 $p99" >&2
done
echo "]" >> "$OUT/load.json"
cat "$OUT/load.md"
