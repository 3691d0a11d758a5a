#!/usr/bin/env bash
# Images/s of POST /score (raw PNG, default settings) at concurrency 8 with each decision detector in turn: what a
# detector costs as the function serves it. Usage: src/bench/detectors.sh [seconds, default 30] [detector ...]
# (default: knn fusedKnn ddp); writes target/bench/detectors.md. Needs wrk and a packaged app.
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/server.sh
. src/bench/wrk-row.sh
SECONDS_PER_RUN=${1:-30}
shift || true
[ $# -gt 0 ] && DETECTORS=("$@") || DETECTORS=(knn fusedKnn ddp)
IMAGE=${IMAGE:-docs/examples/shoe.png}
OUT=target/bench
mkdir -p "$OUT"
echo "| decision detector | concurrency | images/s | p50 ms | p99 ms | errors |" > "$OUT/detectors.md"
echo "|---|---|---|---|---|---|" >> "$OUT/detectors.md"
for d in "${DETECTORS[@]}"; do
  start_server "$OUT/detectors-$d-server.log" -Ddiffood.decision.detector="$d"
  curl -sf --data-binary @"$IMAGE" -H 'Content-Type: image/png' "$URL/score" > /dev/null   # warm-up
  wrk_level 8 "$SECONDS_PER_RUN" > "$OUT/detectors-row.md"
  echo "| $d $(cat "$OUT/detectors-row.md")" >> "$OUT/detectors.md"
  echo "$d: $RPS images/s at concurrency 8" >&2
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
done
cat "$OUT/detectors.md"
