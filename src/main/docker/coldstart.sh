#!/usr/bin/env bash
# Cold-start benchmark (not a test): process launch -> first HTTP 200 of a light POST /score (JSON, one timestep, one
# repeat), for the JVM start options the images could use. The app is the image's build (-Pcontainer: aot-jar,
# natives unpacked and loaded from TENSORFLOW_LIBRARY_PATH, native jar removed) started with Dockerfile.jvm's ENV and
# JAVA_OPTS; the AppCDS archive and the AOT cache come from the image's training run (aot-train.sh). Starts are
# interleaved (one of each variant per round, after one untimed start each) so that a change of machine load hits all
# alike. Prints a Markdown section for docs/benchmarks.md: the median, min and max of RUNS starts, the median CPU time
# (user + sys) the process used until that first 200, which depends less on other load than wall time, and the
# median start-up timeline the app logs (StartupReport: where the time went, per phase).
#
# usage: src/main/docker/coldstart.sh [RUNS]      (default 5; run as root or any user, from anywhere)
# env: JAVA17_HOME (default /usr/lib/jvm/java-17-openjdk-amd64), JAVA25_HOME (default
#      /usr/lib/jvm/temurin-25-jdk-amd64), PORT (default 8080),
#      VARIANTS (default "jdk17 jdk17-appcds jdk25 jdk25-aot jdk25-cds", the last as the image starts; also
#      "jdk25-aot-late": the AOT cache with diffood.startup.early=false, i.e. the models loaded after Quarkus' boot),
#      BASELINE (optional: another -Pcontainer build's target/quarkus-app, e.g. of an older commit; adds the variant
#      "baseline-jdk25-aot", with its own AOT cache, to every round, started with the ENV and JAVA_OPTS of that
#      checkout's Dockerfile.jvm, BASELINE/../../src/main/docker/Dockerfile.jvm),
#      NICE (optional, e.g. -15 as root: the timed starts run at that priority), RT=1 (optional, root: the timed starts
#      and their client run with real-time round-robin scheduling, chrt -r 1, so that on a machine shared with other
#      jobs they get the cores as on a quiet one; the builds and training runs do not)
# Models: MODELS (a directory under the checkout), else models/demo if present, else the test fixtures (built by
# ScoreFunctionTest when missing).
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
runs=${1:-5}
java17=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
port=${PORT:-8080}
url=http://127.0.0.1:$port
bench=$root/target/coldstart
sample=$root/src/main/docker/sample.png
read -r -a variants <<< "${VARIANTS:-jdk17 jdk17-appcds jdk25 jdk25-aot jdk25-cds}"
[[ -n ${BASELINE:-} ]] && variants+=(baseline-jdk25-aot)
if curl -s -o /dev/null "$url/"; then echo "port $port is already in use" >&2; exit 1; fi

models=${MODELS:-models/demo}
if [[ ! -f $models/denoiser/saved_model.pb ]]; then
    models=target/test-models
    [[ -f $models/denoiser/saved_model.pb ]] || ./mvnw -B -q test -Dtest=ScoreFunctionTest >&2
fi
echo "building the image's app (-Pcontainer)" >&2
JAVA_HOME=$java25 ./mvnw -B -q package -DskipTests -Pcontainer >&2
rm -rf "$bench"
mkdir -p "$bench"
cp -a target/quarkus-app "$bench/app"
[[ -z ${BASELINE:-} ]] || cp -a "$BASELINE" "$bench/baseline"
printf '{"image":"%s","timesteps":[120],"repeats":1}' "$(base64 -w0 "$sample")" > "$bench/light.json"

# Dockerfile.jvm's ENV, with this checkout's paths for the natives and the models
while IFS= read -r line; do export "${line?}"; done < <(sed -n 's/^ENV \([A-Z_]*\)="\(.*\)"$/\1=\2/p' src/main/docker/Dockerfile.jvm)
export TENSORFLOW_LIBRARY_PATH=$root/target/natives-linux-x86_64
export DIFFOOD_MODELS_PATH=$root/$models
JAVA_OPTS=${JAVA_OPTS//\/opt\/tensorflow\/lib/$TENSORFLOW_LIBRARY_PATH}
image_opts=$JAVA_OPTS image_device=${DIFFOOD_DEVICE:-}
baseline_opts=$JAVA_OPTS baseline_device=$image_device
if [[ -n ${BASELINE:-} && -f $BASELINE/../../src/main/docker/Dockerfile.jvm ]]; then
    baseline_opts=$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' "$BASELINE/../../src/main/docker/Dockerfile.jvm")
    baseline_opts=${baseline_opts//\/opt\/tensorflow\/lib/$TENSORFLOW_LIBRARY_PATH}
    baseline_device=$(sed -n 's/^ENV DIFFOOD_DEVICE="\(.*\)"$/\1/p' "$BASELINE/../../src/main/docker/Dockerfile.jvm")
fi
# as_variant VARIANT: the image's JAVA_OPTS and DIFFOOD_DEVICE, or the baseline's
as_variant() {
    if [[ $1 == baseline-* ]]; then JAVA_OPTS=$baseline_opts DIFFOOD_DEVICE=$baseline_device; else JAVA_OPTS=$image_opts DIFFOOD_DEVICE=$image_device; fi
    export JAVA_OPTS DIFFOOD_DEVICE
    [[ -n $DIFFOOD_DEVICE ]] || unset DIFFOOD_DEVICE
}

train() { # DIR JAVA LOG RECORD_FLAG...
    local dir=$1 java=$2 log=$3
    shift 3
    (cd "$dir" && TRAIN_PORT=$port PATH=$java/bin:$PATH "$root/src/main/docker/aot-train.sh" "$sample" "$@" > "$log" 2>&1)
}
echo "training runs: AppCDS archive (JDK 17), AOT cache and AppCDS archive (JDK 25)" >&2
train "$bench/app" "$java17" "$bench/train17.log" -XX:ArchiveClassesAtExit=app17.jsa
train "$bench/app" "$java25" "$bench/train25.log" -XX:AOTCacheOutput=app.aot
train "$bench/app" "$java25" "$bench/train25-cds.log" cds
[[ -s $bench/app/app17.jsa && -s $bench/app/app.aot && -s $bench/app/app.jsa ]] || { echo "a training run left no cache, see $bench/train*.log" >&2; exit 1; }
if [[ -n ${BASELINE:-} ]]; then
    as_variant baseline-jdk25-aot
    train "$bench/baseline" "$java25" "$bench/train-baseline.log" -XX:AOTCacheOutput=app.aot
    [[ -s $bench/baseline/app.aot ]] || { echo "the baseline's training run left no cache" >&2; exit 1; }
    as_variant jdk25-aot
fi

command_of() {
    case $1 in
        jdk17) echo "$java17/bin/java" ;;
        jdk17-appcds) echo "$java17/bin/java -XX:SharedArchiveFile=app17.jsa" ;;
        jdk25) echo "$java25/bin/java" ;;
        jdk25-aot | baseline-jdk25-aot) echo "$java25/bin/java -XX:AOTCache=app.aot" ;;
        jdk25-cds) echo "$java25/bin/java -XX:SharedArchiveFile=base.jsa:app.jsa" ;;
        jdk25-aot-late) echo "$java25/bin/java -XX:AOTCache=app.aot -Ddiffood.startup.early=false" ;;
    esac
}
dir_of() { [[ $1 == baseline-* ]] && echo "$bench/baseline" || echo "$bench/app"; }

# start VARIANT: sets wall_ms and cpu_ms, from launch to the first 200 of the light POST /score
app_pid=
trap '[[ -z $app_pid ]] || kill "$app_pid" 2>/dev/null || true' EXIT
start() {
    local t0 t1 ticks
    as_variant "$1"
    cd "$(dir_of "$1")"
    t0=$(date +%s%N)
    # shellcheck disable=SC2046,SC2086 # word splitting wanted: command and JAVA_OPTS are flag lists
    ${RT:+chrt -r 1} nice -n "${NICE:-0}" $(command_of "$1") $JAVA_OPTS -Dquarkus.http.port="$port" -jar quarkus-run.jar > "$bench/$1.log" 2>&1 &
    app_pid=$!
    ${RT:+chrt -r 1} "$root/src/bench/first-answer.sh" 127.0.0.1 "$port" /score "$bench/light.json" "$app_pid" /dev/null \
        || { echo "$1 did not answer, see $bench/$1.log" >&2; exit 1; }
    t1=$(date +%s%N)
    ticks=$(awk '{print $14 + $15}' "/proc/$app_pid/stat")
    kill -TERM "$app_pid"
    wait "$app_pid" || true
    app_pid=
    wall_ms=$(( (t1 - t0) / 1000000 ))
    cpu_ms=$(( ticks * 1000 / $(getconf CLK_TCK) ))
    # the app's own timeline (ms after launch), "name value" per line
    sed -n 's/.*start-up, ms after the JVM launch: //p' "$bench/$1.log" | tr ',' '\n' | sed 's/^ *//' \
        | awk -v v="$1" -v w="$wall_ms" '{n = $NF; $NF = ""; sub(/ $/, ""); print v "\t" $0 "\t" n} END {print v "\tfirst 200\t" w}' \
        >> "$bench/phases.tsv"
    # and two lines every build logs, as a cross-check and for builds without the timeline
    local marker ts
    for marker in "models ready on:(log) models ready" "started in:(log) HTTP listening"; do
        ts=$(grep -m1 "${marker%%:*}" "$bench/$1.log" | cut -c1-23 | tr ',' '.' || true)
        [[ -z $ts ]] || printf '%s\t%s\t%d\n' "$1" "${marker#*:}" $(( $(date -d "$ts" +%s%3N) - t0 / 1000000 )) \
            >> "$bench/phases.tsv"
    done
    cd "$root"
}

declare -A wall cpu
for v in "${variants[@]}"; do start "$v"; done
: > "$bench/phases.tsv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 1; i <= runs; i++)); do
    for v in "${variants[@]}"; do
        start "$v"
        wall[$v]+="$wall_ms " cpu[$v]+="$cpu_ms "
        echo "round $i $v: $wall_ms ms, cpu $cpu_ms ms" >&2
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
minmax() { tr ' ' '\n' | grep . | sort -n | sed -n '1p;$p' | paste -sd' ' | awk '{printf "%.2f – %.2f", $1 / 1000, $2 / 1000}'; }
seconds() { awk '{printf "%.2f", $1 / 1000}'; }

cat <<MD
## Cold start

Process launch to the first HTTP 200 of a light \`POST /score\` (JSON: a 28×28 PNG, one timestep (120), one repeat),
median of $runs starts per variant (interleaved, after one untimed start each). The app is the image's build
(\`-Pcontainer\`: aot-jar, TensorFlow natives pre-extracted and loaded through \`TENSORFLOW_LIBRARY_PATH\`, native jar
removed), run with Dockerfile.jvm's \`ENV\` and \`JAVA_OPTS\`; models: \`$models\`. CPU is user + sys time of the JVM
until that 200.

| variant | median wall (s) | min – max (s) | median CPU (s) |
|---|---|---|---|
MD
for v in "${variants[@]}"; do
    echo "| $v | $(median <<< "${wall[$v]}" | seconds) | $(minmax <<< "${wall[$v]}") | $(median <<< "${cpu[$v]}" | seconds) |"
done
cat <<MD

Median start-up timeline (ms after the launch; the app logs it, StartupReport; phases in the order they end):

| variant | phase | ms |
|---|---|---|
MD
for v in "${variants[@]}"; do
    awk -F'\t' -v v="$v" '$1 == v {k = $2; if (!(k in n)) order[++m] = k; vals[k, ++n[k]] = $3}
        END {for (i = 1; i <= m; i++) {k = order[i]; c = n[k]; for (a = 1; a <= c; a++) x[a] = vals[k, a];
            for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (x[b] < x[a]) {t = x[a]; x[a] = x[b]; x[b] = t}
            med = (c % 2) ? x[(c + 1) / 2] : (x[c / 2] + x[c / 2 + 1]) / 2; printf "| %s | %s | %d |\n", v, k, med}}' \
        "$bench/phases.tsv"
done
cat <<MD

- jdk17: \`java \$JAVA_OPTS -jar quarkus-run.jar\`; jdk17-appcds: plus \`-XX:SharedArchiveFile=app17.jsa\` (dynamic
  archive from the training run, \`-XX:ArchiveClassesAtExit\`); jdk25: Temurin 25, no cache; jdk25-aot: plus
  \`-XX:AOTCache=app.aot\` (JEP 514 one-step \`-XX:AOTCacheOutput\` training run with real requests); jdk25-cds: the
  JDK's classes dumped with \`\$JAVA_OPTS\` and a dynamic archive from the same training run on top of them,
  \`-XX:SharedArchiveFile=base.jsa:app.jsa\` (\`aot-train.sh SAMPLE cds\`), as in the image.
- Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM;
  $("$java17/bin/java" -version 2>&1 | sed -n 2p); $("$java25/bin/java" -version 2>&1 | sed -n 2p).
- Load average (1, 5, 15 min) before: $load_before, after: $load_after.
- Command: \`${MODELS:+MODELS=$MODELS }${RT:+RT=$RT }${NICE:+NICE=$NICE }${BASELINE:+BASELINE=$BASELINE }${VARIANTS:+VARIANTS=\"$VARIANTS\" }src/main/docker/coldstart.sh $runs\`
MD
