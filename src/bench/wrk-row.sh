# Sourced by the benchmark scripts: wrk_level C SECONDS prints one markdown row "| C | images/s | p50 ms | p99 ms | errors |"
# for POST /score with the raw image $IMAGE at concurrency C, and sets RPS, P50, P99 and ERRORS.
wrk_level() {
  local c=$1 seconds=$2 result
  result=$(IMAGE="$IMAGE" wrk -t1 -c"$c" -d"${seconds}s" --timeout 60s --latency -s src/bench/score-image.lua "$URL/score")
  RPS=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  P50=$(echo "$result" | awk '$1 == "50%" {print $2}')
  P99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  ERRORS=$(echo "$result" | awk '/Non-2xx/ {print $5}')
  ERRORS=${ERRORS:-0}
  echo "| $c | $RPS | $(to_ms "$P50") | $(to_ms "$P99") | $ERRORS |"
}

to_ms() { echo "$1" | awk '/ms$/ {sub("ms",""); print; next} /us$/ {sub("us",""); print $1/1000; next} /s$/ {sub("s",""); print $1*1000}'; }
