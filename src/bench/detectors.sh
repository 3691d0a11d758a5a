#!/usr/bin/env bash
# Images/s of POST /score (raw PNG, default settings) at concurrency 8 with each decision detector in turn, and the
# function's resident memory idle (after one request) and at its peak so far: what a detector costs as the
# function serves it. Usage: src/bench/detectors.sh [seconds, default 30] [detector ...] (default: knn fusedKnn ddp);
# a detector may carry JVM flags after a colon, e.g. "fusedFisher:-Ddiffood.ddp.sample-steps=10". BASELINE=DIR (another
# checkout, packaged there) adds a "before" row for each detector, interleaved with this checkout's. Writes
# target/bench/detectors.md. LEVELS (default 8) lists the concurrencies, e.g. LEVELS="1 8" for one image's latency too;
# IMAGE (default docs/examples/shoe.png) the image sent. Needs wrk and a packaged app (./mvnw -B package -DskipTests).
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
builds=(after)
[ -z "${BASELINE:-}" ] || builds=(before after)
echo "| decision detector | build | concurrency | images/s | p50 ms | p99 ms | errors | RSS idle MB | RSS peak MB |" > "$OUT/detectors.md"
echo "|---|---|---|---|---|---|---|---|---|" >> "$OUT/detectors.md"
for spec in "${DETECTORS[@]}"; do
  d=${spec%%:*}
  read -r -a flags <<< "$([[ $spec == *:* ]] && echo "${spec#*:}" || true)"
  for build in "${builds[@]}"; do
    APP=$([ "$build" = before ] && echo "$BASELINE/target/quarkus-app" || echo target/quarkus-app)
    APP=$APP start_server "$OUT/detectors-$d-$build-server.log" -Ddiffood.decision.detector="$d" ${flags[@]+"${flags[@]}"}
    curl -sf --data-binary @"$IMAGE" -H 'Content-Type: image/png' "$URL/score" > /dev/null   # warm-up
    idle=$(rss_mb VmRSS)
    for c in ${LEVELS:-8}; do
      wrk_level "$c" "$SECONDS_PER_RUN" > "$OUT/detectors-row.md"
      echo "| $spec | $build $(sed 's/ *$//' "$OUT/detectors-row.md") $idle | $(rss_mb VmHWM) |" >> "$OUT/detectors.md"
      echo "$spec ($build): $RPS images/s at concurrency $c" >&2
    done
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  done
done
cat "$OUT/detectors.md"
