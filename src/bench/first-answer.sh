#!/usr/bin/env bash
# Waits for a starting app's first HTTP 200 to a JSON POST (not a test): the cold-start benchmarks' client.
# Polls every 10 ms with bash's own /dev/tcp and `read -t`, one process for the whole wait: a curl and a sleep per
# attempt took 15 % of the two cores' CPU during a one-second start (`perf sched`), CPU the measured app then lacked.
#
# usage: src/bench/first-answer.sh HOST PORT PATH BODY_FILE PID ANSWER_FILE [TIMEOUT_S]
# Exits 0 once the answer is 200 (its body in ANSWER_FILE), 1 if process PID ended first or TIMEOUT_S (default 120)
# passed.
set -uo pipefail
host=$1 port=$2 path=$3 pid=$5 answer=$6 timeout_s=${7:-120}
body=$(< "$4")
export LC_ALL=C # Content-Length in bytes
exec {tick}< <(exec sleep infinity) # an fd that never has data: `read -t` on it is a sleep without a process
sleeper=$!
trap 'kill "$sleeper" 2>/dev/null' EXIT
request=$(printf 'POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$path" "$host" "$port" "${#body}" "$body")
SECONDS=0
while :; do
    if { exec {conn}<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
        status=
        printf '%s' "$request" >&"$conn" 2>/dev/null && IFS=' ' read -r _ status _ <&"$conn"
        if [[ $status == 200 ]]; then
            while IFS= read -r line <&"$conn" && [[ $line != $'\r' ]]; do :; done # the headers
            cat <&"$conn" > "$answer"
            exit 0
        fi
        exec {conn}>&-
    fi
    kill -0 "$pid" 2>/dev/null && (( SECONDS < timeout_s )) || exit 1
    read -r -t 0.01 -u "$tick"
done
