#!/usr/bin/env bash
# Soak: at least 20,000 requests (one in ten invalid) against the packaged function at concurrency 8, in
# segments; after each segment it records resident memory (VmRSS), the JVM heap, and DJL's count of open
# NDArrays (diffood_ndarrays_open). Cheap settings (timestep 20, one repeat: one DDIM step) so that the run takes minutes:
# the soak looks for leaks, not for DDP cost. Usage: src/bench/soak.sh [total requests, default 20000]
# Writes target/bench/soak.csv and soak.md. Needs wrk and a packaged app.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/server.sh
TOTAL=${1:-20000}
IMAGE=${IMAGE:-docs/examples/shoe.png}
OUT=target/bench
mkdir -p "$OUT"
BODY_FILE=$OUT/soak-body.json
printf '{"image": "%s", "timesteps": [20], "repeats": 1}' "$(base64 -w0 "$IMAGE")" > "$BODY_FILE"
start_server "$OUT/soak-server.log"

# sum of a Prometheus metric's samples whose line starts with the given text
metric() { curl -s "$URL/q/metrics" | grep -F "$1" | grep -v '^#' | awk '{sum += $NF} END {printf "%.0f", sum}'; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$SERVER_PID/status; }
echo "requests,seconds,rss_mb,heap_used_mb,ndarrays_open" > "$OUT/soak.csv"
sent=0
start=$(date +%s)
echo "0,0,$(rss_mb),$(( $(metric 'jvm_memory_used_bytes{area="heap"') / 1048576 )),$(metric diffood_ndarrays_open)" >> "$OUT/soak.csv"
while [ "$sent" -lt "$TOTAL" ]; do
  result=$(BODY_FILE="$BODY_FILE" wrk -t1 -c8 -d20s --timeout 30s -s src/bench/score-json.lua "$URL/score")
  n=$(echo "$result" | awk '/requests in/ {print $1}')
  sent=$((sent + n))
  line="$sent,$(( $(date +%s) - start )),$(rss_mb),$(( $(metric 'jvm_memory_used_bytes{area="heap"') / 1048576 )),$(metric diffood_ndarrays_open)"
  echo "$line" >> "$OUT/soak.csv"
  echo "$line" >&2
done
{
  echo "| requests | seconds | RSS MB | heap used MB | open NDArrays |"
  echo "|---|---|---|---|---|"
  tail -n +2 "$OUT/soak.csv" | awk -F, '{print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " |"}'
} > "$OUT/soak.md"
cat "$OUT/soak.md"
