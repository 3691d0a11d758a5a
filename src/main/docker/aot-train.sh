#!/bin/sh
# Training run for the JVM's start-up cache. Starts the app from the current directory with the recording flags
# given after the sample image (e.g. JDK 25: -XX:AOTCacheOutput=app.aot, JDK 17: -XX:ArchiveClassesAtExit=app.jsa) and
# $JAVA_OPTS, waits for readiness, sends one request of each kind a cold instance gets (raw PNG, JSON, binary and
# JSON CloudEvents), then stops the app: the JVM writes the cache as it exits.
# "cds" instead of the flags: the images' CDS archives, base.jsa (the JDK's classes, dumped with $JAVA_OPTS' module
# options, from jdk.classlist beside this script if there is one, else from the JDK's own list) and app.jsa (a dynamic
# archive of what the run loads, on top of base.jsa); fails if app.jsa was not written.
# usage: aot-train.sh SAMPLE_PNG RECORD_FLAG...   or   aot-train.sh SAMPLE_PNG cds
set -eu
sample=$1
shift
cds=
if [ "$*" = cds ]; then
    cds=1
    classlist=$(dirname "$0")/jdk.classlist
    if [ -f "$classlist" ]; then set -- -XX:SharedClassListFile="$classlist"; else set --; fi
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    java -Xshare:dump "$@" -XX:SharedArchiveFile=base.jsa $JAVA_OPTS
    set -- -XX:SharedArchiveFile=base.jsa -XX:ArchiveClassesAtExit=app.jsa
fi
port=${TRAIN_PORT:-8080}
url=http://127.0.0.1:$port

# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
java "$@" $JAVA_OPTS -Dquarkus.http.port="$port" -jar quarkus-run.jar &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

ready=
for _ in $(seq 1 240); do
    if curl -fs -o /dev/null "$url/q/health/ready"; then ready=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
[ -n "$ready" ] || { echo "aot-train: the app did not become ready" >&2; exit 1; }

post() { curl -fsS -o /dev/null "$@"; }
post -X POST "$url/score" -H 'Content-Type: image/png' --data-binary @"$sample"
printf '{"image":"%s"}' "$(base64 -w0 "$sample")" > /tmp/aot-train.json
post -X POST "$url/score" -H 'Content-Type: application/json' --data-binary @/tmp/aot-train.json
post -X POST "$url/" -H 'Content-Type: image/png' -H 'ce-specversion: 1.0' -H 'ce-id: train-1' \
    -H 'ce-source: urn:diffood:aot-train' -H 'ce-type: diffood.score.image' --data-binary @"$sample"
post -X POST "$url/" -H 'Content-Type: application/json' -H 'ce-specversion: 1.0' -H 'ce-id: train-2' \
    -H 'ce-source: urn:diffood:aot-train' -H 'ce-type: diffood.score' --data-binary @/tmp/aot-train.json
post "$url/q/health/live"
rm -f /tmp/aot-train.json

kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
[ -z "$cds" ] || [ -s app.jsa ] || { echo "aot-train: the JVM wrote no app.jsa" >&2; exit 1; }
