#!/usr/bin/env bash
# Builds and runs the image of Dockerfile.jvm without Docker, as a check that its build flags, ENV and ENTRYPOINT
# are right. Under target/layout it repeats the Dockerfile's steps: the -Pcontainer build (natives unpacked, their
# jar removed from the app), the /deployments and /opt/tensorflow/lib layout, the models, the start-up archive's
# training run. Then it starts the ENTRYPOINT with the Dockerfile's ENV as a container would: in a private mount
# namespace and a chroot whose root filesystem is read-only except for a tmpfs on /tmp, as uid 185. It checks
# readiness, a raw PNG and a JSON POST /score and a CloudEvent, and lists what the app wrote to /tmp.
#
# usage (as root, from anywhere): src/main/docker/run-layout.sh
# env: JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), PORT (default 8080)
# Models: models/demo if present, else the test fixtures (built by ScoreFunctionTest when missing).
# Note: the build leaves a native-less aot-jar in target/quarkus-app; a plain ./mvnw package restores it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dockerfile=src/main/docker/Dockerfile.jvm
java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
port=${PORT:-8080}
layout=$PWD/target/layout
log=$layout/app.log
url=http://127.0.0.1:$port
if curl -s -o /dev/null "$url/"; then echo "port $port is already in use" >&2; exit 1; fi

models=models/demo
if [[ ! -f $models/denoiser/saved_model.pb ]]; then
    models=target/test-models
    if [[ ! -f $models/denoiser/saved_model.pb ]]; then
        echo "== building the fixture models (ScoreFunctionTest)"
        ./mvnw -B -q test -Dtest=ScoreFunctionTest
    fi
fi

echo "== build stage: ./mvnw -B package -DskipTests -Pcontainer (JDK 25)"
JAVA_HOME=$java25 ./mvnw -B -q package -DskipTests -Pcontainer

echo "== final stage layout in $layout (models from $models)"
rm -rf "$layout"
mkdir -p "$layout/deployments/models/demo" "$layout/deployments/aot" "$layout/opt/tensorflow" "$layout/rootfs"
cp -a target/natives-linux-x86_64 "$layout/opt/tensorflow/lib"
cp -a target/quarkus-app/. "$layout/deployments/"
cp -a "$models/." "$layout/deployments/models/demo/"
[[ -d config ]] && cp -a config "$layout/deployments/config"
cp -a src/main/docker/aot-train.sh src/main/docker/sample.png "$layout/deployments/aot/"
cp -a "$java25/lib/classlist" "$layout/deployments/aot/jdk.classlist"
if ls "$layout/deployments/lib/main" | grep -q tensorflow-core-native; then
    echo "FAIL: the native jar is still in the app" >&2; exit 1
fi
echo "app $(du -sh "$layout/deployments/lib" | cut -f1) of jars, natives: $(ls "$layout/opt/tensorflow/lib" | tr '\n' ' ')"

# The runtime stage's ENV lines and ENTRYPOINT command, read from the Dockerfile itself
mapfile -t image_env < <(sed -n 's/^ENV \([A-Z_]*\)="\(.*\)"$/\1=\2/p' "$dockerfile")
entrypoint=$(sed -n 's|^ENTRYPOINT \["/bin/sh", "-c", "\(.*\)"\]$|\1|p' "$dockerfile")
[[ -n $entrypoint && ${#image_env[@]} -gt 0 ]] || { echo "cannot read ENV/ENTRYPOINT from $dockerfile" >&2; exit 1; }
printf '   ENV %s\n' "${image_env[@]}"
echo "   ENTRYPOINT sh -c '$entrypoint'"

# in_container UID RW|RO COMMAND: runs COMMAND with sh in /deployments, chrooted into a read-only root built from
# the host's /usr and /etc plus the layout, with a fresh tmpfs on /tmp; RW leaves /deployments writable.
in_container() {
    local uid=$1 mode=$2 command=$3
    unshare --mount --propagation private -- /bin/bash -euc '
        layout=$1 uid=$2 mode=$3 command=$4; shift 4
        r=$layout/rootfs
        mount -t tmpfs -o mode=755 rootfs "$r"
        mkdir -p "$r"/{usr,etc,dev,proc,sys,tmp,deployments,opt/tensorflow}
        for l in bin lib lib64 sbin; do ln -s "usr/$l" "$r/$l"; done
        for d in usr etc dev proc sys; do mount --rbind "/$d" "$r/$d"; done
        mount --bind "$layout/deployments" "$r/deployments"
        mount --bind "$layout/opt/tensorflow" "$r/opt/tensorflow"
        mount -t tmpfs -o mode=1777 tmp "$r/tmp"
        for d in usr etc opt/tensorflow; do mount -o remount,bind,ro "$r/$d"; done
        [[ $mode == RW ]] || mount -o remount,bind,ro "$r/deployments"
        mount -o remount,ro "$r"
        exec chroot --userspec="$uid:0" "$r" /usr/bin/env -i HOME=/ "$@" \
            /bin/sh -c "cd /deployments && $command"
    ' in_container "$layout" "$uid" "$mode" "$command" "${image_env[@]}" \
        "PATH=$java25/bin:/usr/bin:/bin" "${extra_env[@]}"
}

echo "== training run of the start-up archive (RUN aot/aot-train.sh in the Dockerfile, as root, /deployments writable)"
extra_env=("TRAIN_PORT=$port")
in_container 0 RW "aot/aot-train.sh aot/sample.png cds" > "$layout/train.log" 2>&1 \
    || { tail -30 "$layout/train.log"; echo "FAIL: training run" >&2; exit 1; }
[[ -s $layout/deployments/app.jsa ]] || { echo "FAIL: no app.jsa" >&2; exit 1; }
echo "app.jsa: $(du -h "$layout/deployments/app.jsa" | cut -f1)"

echo "== container start: uid 185, read-only root, tmpfs /tmp, the ENTRYPOINT as written"
# -Xshare:on (through the launcher's JDK_JAVA_OPTIONS, so the ENTRYPOINT stays as written) stops the JVM if the
# archive cannot be used; the port is the only other addition
extra_env=("JDK_JAVA_OPTIONS=-Xshare:on -Dquarkus.http.port=$port")
start=$(date +%s%N)
in_container 185 RO "$entrypoint" > "$log" 2>&1 &
# the app is the only process of uid 185 running quarkus-run.jar: stop it whatever happens
trap 'pkill -TERM -u 185 -f quarkus-run.jar || true' EXIT
for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$url/q/health/ready" && break
    sleep 0.25
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
curl -fsS "$url/q/health/ready" > "$layout/ready.json" || { tail -30 "$log"; echo "FAIL: not ready" >&2; exit 1; }
echo "ready after ${ready_ms} ms: $(tr -d ' \n' < "$layout/ready.json")"

check() { # NAME EXPECTED_STATUS CURL_ARGS...
    local name=$1 expected=$2; shift 2
    local status
    status=$(curl -s -o "$layout/$name.out" -w '%{http_code}' "$@")
    echo "$name: HTTP $status $(head -c 160 "$layout/$name.out")"
    [[ $status == "$expected" ]] || { echo "FAIL: $name returned $status" >&2; exit 1; }
}
check score-png 200 -X POST "$url/score" -H 'Content-Type: image/png' --data-binary @src/main/docker/sample.png
printf '{"image":"%s"}' "$(base64 -w0 src/main/docker/sample.png)" > "$layout/request.json"
check score-json 200 -X POST "$url/score" -H 'Content-Type: application/json' --data-binary @"$layout/request.json"
check cloudevent 200 -X POST "$url/" -H 'Content-Type: image/png' -H 'ce-specversion: 1.0' -H 'ce-id: layout-1' \
    -H 'ce-source: urn:diffood:run-layout' -H 'ce-type: diffood.score.image' --data-binary @src/main/docker/sample.png -D "$layout/cloudevent.headers"
grep -i '^ce-type' "$layout/cloudevent.headers"
check live 200 "$url/q/health/live"

java_pid=$(pgrep -n -u 185 -f quarkus-run.jar)
echo "process: uid $(ps -o uid= -p "$java_pid" | tr -d ' '), written to /tmp:"
(cd "/proc/$java_pid/root/tmp" && find . -maxdepth 2 | sed 's/^/   /')
grep -iE 'error|cds|shar' "$log" | grep -v 'Picked up JDK_JAVA_OPTIONS' | head -5 || true
echo "== OK: $dockerfile layout starts (ready in ${ready_ms} ms) and scores with the native jar removed"
