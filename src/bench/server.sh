# Sourced by the benchmark scripts: start the packaged function in the background and wait until it is ready.
# Needs: ./mvnw -B package -DskipTests (target/quarkus-app, or APP: another packaged app's quarkus-app folder),
# DIFFOOD_PORT (default 8080), VECTOR=off (no incubator module: scalar reductions).
PORT=${DIFFOOD_PORT:-8080}
URL=http://localhost:$PORT

start_server() {
  local log=$1; shift
  local modules=(--add-modules=jdk.incubator.vector)
  [[ ${VECTOR:-on} != off ]] || modules=()
  DJL_OFFLINE=true OPT_OUT_TRACKING=true TF_CPP_MIN_LOG_LEVEL=2 \
    java ${modules[@]+"${modules[@]}"} -Dquarkus.http.port="$PORT" "$@" \
    -jar "${APP:-target/quarkus-app}/quarkus-run.jar" > "$log" 2>&1 &
  SERVER_PID=$!
  trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null' EXIT
  for _ in $(seq 1 600); do
    if curl -sf "$URL/q/health/ready" > /dev/null; then return 0; fi
    sleep 0.1
  done
  echo "the function did not become ready; see $log" >&2
  return 1
}

# rss_mb KIND: the server's resident memory in MB, VmRSS (now) or VmHWM (the peak since it started)
rss_mb() { awk -v k="$1:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status"; }
