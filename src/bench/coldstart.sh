#!/usr/bin/env bash
# Cold start of the packaged jar (not a test): process launch -> first HTTP 200 of a light POST /score (JSON:
# docs/examples/shoe.png, "timesteps": [120], "repeats": 1, the default decision detector deciding), JDK 25 with a
# start-up archive trained by one such request (ARCHIVE_*), the models of MODELS with their OOD bundle. The image's start path
# (natives unpacked, Dockerfile.jvm's ENV) is src/main/docker/coldstart.sh.
#
# usage: src/bench/coldstart.sh [RUNS]     (default 5)
# env:   MODELS (default models/demo), JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), PORT (default 8080),
#        BASELINE=DIR another checkout (e.g. `git worktree add DIR main`), packaged there the same way; its starts are
#        interleaved with this checkout's (one of each per round) so that machine load hits both alike,
#        SKIP_BUILD=1 use the packaged apps as they are, RT=1 (root) real-time scheduling for the timed starts,
#        FLAGS_before, FLAGS_after: JVM flags for one variant only, after the common ones (with BASELINE=. the same build
#        under two flag sets), VECTOR_before=off, VECTOR_after=off: that variant without the incubator module (scalar
#        reductions, but a full module graph in the AOT cache: AOT-linked classes), ARCHIVE_before, ARCHIVE_after: cds
#        (default: a dynamic AppCDS archive, as the images) or aot (JDK 25's AOT cache), trained the same way.
# Prints median, min and max wall time per variant, and the median start-up timeline each app logs when its models
# are ready (EarlyStart's marks, StartupReport's for Quarkus).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs=${1:-5}
java=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
port=${PORT:-8080}
url=http://127.0.0.1:$port
models=$(realpath "${MODELS:-models/demo}")
bench=$root/target/coldstart-jar
# as the image starts (Dockerfile.jvm's JAVA_OPTS, those that apply to the packaged jar), plus the models and the port
opts=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:-UsePerfData -XX:CompileThresholdScaling=4
      -Ddiffood.models.path="$models" -Dquarkus.http.port="$port")
if curl -s -o /dev/null "$url/"; then echo "port $port is already in use" >&2; exit 1; fi

declare -A app_dir=([after]=$root)
variants=(after)
[[ -z ${BASELINE:-} ]] || { app_dir[before]=$(realpath "$BASELINE"); variants=(before after); }
rm -rf "$bench"
mkdir -p "$bench"
printf '{"image":"%s","timesteps":[120],"repeats":1}' "$(base64 -w0 docs/examples/shoe.png)" > "$bench/light.json"
for v in "${variants[@]}"; do
    if [[ -z ${SKIP_BUILD:-} ]]; then
        echo "packaging $v (${app_dir[$v]})" >&2
        (cd "${app_dir[$v]}" && JAVA_HOME=${java%/bin/java} ./mvnw -B -q package -DskipTests >&2)
    fi
    cp -a "${app_dir[$v]}/target/quarkus-app" "$bench/$v"
done

app_pid=
trap '[[ -z $app_pid ]] || kill "$app_pid" 2>/dev/null || true' EXIT
# jvm_opts VARIANT: the common options (without the incubator module if VECTOR_<VARIANT>=off), then FLAGS_<VARIANT>
jvm_opts() {
    local flags_var=FLAGS_$1 vector_var=VECTOR_$1 flags o
    read -ra flags <<< "${!flags_var:-}"
    for o in "${opts[@]}"; do
        [[ ${!vector_var:-on} == off && $o == --add-modules=jdk.incubator.vector ]] || printf '%s\n' "$o"
    done
    [[ ${#flags[@]} == 0 ]] || printf '%s\n' "${flags[@]}"
}
# launch VARIANT LOG [JVM flags]: starts the app (jvm_opts), waits for the first 200 of the light request; sets wall_ms
launch() {
    local v=$1 log=$2 t0 t1 jopts
    shift 2
    mapfile -t jopts < <(jvm_opts "$v")
    cd "$bench/$v"
    t0=$(date +%s%N)
    ${RT:+chrt -r 1} "$java" "${jopts[@]}" "$@" -jar quarkus-run.jar > "$log" 2>&1 &
    app_pid=$!
    ${RT:+chrt -r 1} "$root/src/bench/first-answer.sh" 127.0.0.1 "$port" /score "$bench/light.json" "$app_pid" \
        "$bench/$v-answer.json" || { echo "$v did not answer, see $log" >&2; exit 1; }
    t1=$(date +%s%N)
    kill -TERM "$app_pid"
    wait "$app_pid" || true
    app_pid=
    wall_ms=$(( (t1 - t0) / 1000000 ))
    cd "$root"
}

# archive VARIANT: the start-up archive it is launched with, ARCHIVE_<VARIANT>: cds (the images': the JDK's classes
# dumped with the app's module options, base.jsa, and a dynamic archive of the app's on top, app.jsa, lambdas included)
# or aot (JDK 25's AOT cache, its recorded profiles not replayed: with the incubator module it links no class ahead of
# time, see docs/benchmarks.md)
archive() { local a=ARCHIVE_$1; echo "${!a:-cds}"; }
declare -A record_flag=([aot]=-XX:AOTCacheOutput=app.aot [cds]="-XX:SharedArchiveFile=base.jsa -XX:ArchiveClassesAtExit=app.jsa")
declare -A use_flag=([aot]="-XX:AOTCache=app.aot -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
                     [cds]=-XX:SharedArchiveFile=base.jsa:app.jsa)
declare -A archive_file=([aot]=app.aot [cds]=app.jsa)
for v in "${variants[@]}"; do
    a=$(archive "$v")
    [[ -n ${use_flag[$a]:-} ]] || { echo "ARCHIVE_$v: aot or cds, not $a" >&2; exit 1; }
    echo "start-up archive ($a) of $v: one light request" >&2
    if [[ $a == cds ]]; then
        mapfile -t jopts < <(jvm_opts "$v")
        (cd "$bench/$v" && "$java" "${jopts[@]}" -Xshare:dump -XX:SharedArchiveFile=base.jsa > "$bench/$v-base.log" 2>&1)
    fi
    # shellcheck disable=SC2086 # a list of flags
    launch "$v" "$bench/$v-train.log" ${record_flag[$a]}
    [[ -s $bench/$v/${archive_file[$a]} ]] || { echo "no $a archive for $v, see $bench/$v-train.log" >&2; exit 1; }
done

declare -A wall
: > "$bench/phases.tsv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 1; i <= runs; i++)); do
    for v in "${variants[@]}"; do
        # shellcheck disable=SC2086 # a list of flags
        launch "$v" "$bench/$v.log" ${use_flag[$(archive "$v")]}
        wall[$v]+="$wall_ms "
        echo "round $i $v: $wall_ms ms" >&2
        sed -n 's/.*start-up, ms after the JVM launch: //p' "$bench/$v.log" | tr ',' '\n' | sed 's/^ *//' \
            | awk -v v="$v" '{n = $NF; $NF = ""; sub(/ $/, ""); print v "\t" $0 "\t" n}' >> "$bench/phases.tsv"
        printf '%s\tfirst 200\t%s\n' "$v" "$wall_ms" >> "$bench/phases.tsv"
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "| variant | median (s) | min – max (s) |"
echo "|---|---|---|"
for v in "${variants[@]}"; do
    read -r lo hi < <(tr ' ' '\n' <<< "${wall[$v]}" | grep . | sort -n | sed -n '1p;$p' | paste -sd' ')
    printf '| %s | %.2f | %.2f – %.2f |\n' "$v" "$(median <<< "${wall[$v]}" | awk '{print $1 / 1000}')" \
        "$(awk -v x="$lo" 'BEGIN {print x / 1000}')" "$(awk -v x="$hi" 'BEGIN {print x / 1000}')"
done
echo
echo "| variant | phase (median ms after the launch) | ms |"
echo "|---|---|---|"
awk -F'\t' '{k = $1 "\t" $2; if (!(k in n)) order[++m] = k; vals[k, ++n[k]] = $3}
    END {for (i = 1; i <= m; i++) {k = order[i]; c = n[k]; for (a = 1; a <= c; a++) x[a] = vals[k, a];
        for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (x[b] < x[a]) {t = x[a]; x[a] = x[b]; x[b] = t}
        split(k, p, "\t"); printf "| %s | %s | %d |\n", p[1], p[2], (c % 2) ? x[(c + 1) / 2] : (x[c / 2] + x[c / 2 + 1]) / 2}}' \
    "$bench/phases.tsv"
echo
for v in "${variants[@]}"; do
    echo "$v, the last run's first answer, ms: $(grep -o '"timingsMs":{[^}]*}' "$bench/$v-answer.json")"
done
echo
echo "Runs: $runs per variant, interleaved. Models: ${MODELS:-models/demo}. $("$java" -version 2>&1 | sed -n 2p);" \
    "$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores. Load average before: $load_before, after: $load_after."
echo "Command: \`${MODELS:+MODELS=$MODELS }${RT:+RT=$RT }${BASELINE:+BASELINE=$BASELINE }${FLAGS_before:+FLAGS_before=\"$FLAGS_before\" }${FLAGS_after:+FLAGS_after=\"$FLAGS_after\" }${ARCHIVE_before:+ARCHIVE_before=$ARCHIVE_before }${ARCHIVE_after:+ARCHIVE_after=$ARCHIVE_after }${VECTOR_before:+VECTOR_before=$VECTOR_before }${VECTOR_after:+VECTOR_after=$VECTOR_after }src/bench/coldstart.sh $runs\`"
