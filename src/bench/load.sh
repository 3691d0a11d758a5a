#!/usr/bin/env bash
# Throughput and latency of POST /score (raw PNG, default settings) at several concurrencies, with wrk.
# Usage: src/bench/load.sh [seconds per level, default 60] ; writes target/bench/load.md and load.json.
# Needs wrk (apt-get install -y wrk) and a packaged app (./mvnw -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/server.sh
. src/bench/wrk-row.sh
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
  wrk_level "$c" "$SECONDS_PER_LEVEL" >> "$OUT/load.md"
  [ $first = 1 ] || echo "," >> "$OUT/load.json"; first=0
  echo "{\"concurrency\": $c, \"imagesPerSecond\": $RPS, \"p50\": \"$P50\", \"p99\": \"$P99\", \"errors\": $ERRORS}" >> "$OUT/load.json"
  echo "concurrency $c: $RPS images/s, p50 $P50, p99 $P99" >&2
done
echo "]" >> "$OUT/load.json"
cat "$OUT/load.md"
