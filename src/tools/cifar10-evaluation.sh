#!/usr/bin/env bash
# Issue 19's CIFAR-10 reports for the model set at M (default models/cifar10), in the order they depend on each other:
#   fit         the OOD bundle from the 45,000 trained-on JPEGs (calibration: the held-out 5,000)
#   validation  every detector on the validation split (300 per set), and all fusions of their scores
#   decide      the decision detector: the best mean validation AUROC among those with at most 40 denoiser
#               evaluations (issue 19's budget); the bundle is refitted to name it (the fit is deterministic)
#   test        the test report (1,000 test JPEGs per set, textures 300) with OpenOOD's anchors
#   paper       the paper's DDP configuration (288 denoiser evaluations per image), 50 images on four sets
#   transfer    the transfer attack at 4/255 and 8/255 on 60 textures (surrogate KNN over 2,000 trained-on images)
#   adaptive    the adaptive attack through the API at 8/255 against the decision detector (the packaged function)
# About 40 minutes on two cores. STEPS="test paper" runs only those (after an interruption: the steps left).
# Commands and what each report means: docs/evaluation.md, "Any model set".
set -euo pipefail
cd "$(dirname "$0")/../.."
M=${M:-models/cifar10}
data=${DATA:-../shared/datasets}
train=$data/cifar10_train_jpg/cifar10-train-jpg.tar.gz
steps=" ${STEPS:-fit validation decide test paper transfer adaptive} "
# the denoised detectors' timestep, chosen on the validation split by src/tools/cifar10-denoised-timestep.sh
timestep=${DENOISED_TIMESTEP:-60}
detectors=fusedFisher,fusedKnn,knn,mahalanobis,vim,residual,energy,msp,maxLogit,denoisedKnn,denoisedShift
port=18081

tool() { ./mvnw -q test-compile exec:exec@tools -Dargs="$*"; }
wants() { [[ $steps == *" $1 "* ]]; }
decision() { sed -n 's/^decision.detector=//p' "$M/ood/bundle.properties"; }

if wants fit; then
    tool fit --data "$train" --set diffood.models.path="$M" --thumbnails 2000 --denoised-timestep $timestep --out "$M/ood"
fi
if wants validation; then
    tool evaluate --split validation --samples 300 --set diffood.models.path="$M" --detectors $detectors \
        --out docs/evaluation/cifar10-validation
    tool fusions --set diffood.models.path="$M" --scores docs/evaluation/cifar10-validation/scores.csv \
        --out docs/evaluation/cifar10-validation/fusions.md
fi
if wants decide; then
    chosen=$(jq -r '[.detectors[] | select(.denoiserEvaluations <= 40)] | max_by(.meanAuroc) | .name' \
        docs/evaluation/cifar10-validation/evaluation.json)
    echo "decision detector (best mean validation AUROC): $chosen" >&2
    tool fit --data "$train" --set diffood.models.path="$M" --thumbnails 2000 --denoised-timestep $timestep \
        --decision "$chosen" --out "$M/ood"
fi
if wants test; then
    tool evaluate --samples 1000 --set diffood.models.path="$M" --set diffood.decision.detector="$(decision)" \
        --detectors $detectors --anchors openood-cifar10 --out docs/evaluation/cifar10
fi
if wants paper; then
    tool evaluate --samples 50 --sets textures,mnist,jigsaw,uniform-noise --set diffood.models.path="$M" --detectors ddp \
        --set diffood.ddp.timesteps=0,120,240,360 --set diffood.ddp.repeats=4 --set diffood.ddp.sample-steps=50 \
        --set diffood.ddp.guidance=2 --anchors openood-cifar10 --out docs/evaluation/cifar10-paper-ddp
fi
if wants transfer; then
    tool attack --set diffood.models.path="$M" --surrogate 2000 --ood textures --images 60 --ind-samples 300 \
        --eps 4/255,8/255 --set diffood.decision.detector="$(decision)" \
        --detectors knn,mahalanobis,vim,energy,denoisedKnn,denoisedShift,fusedKnn,fusedFisher \
        --out docs/evaluation/cifar10-attacks
fi
if wants adaptive; then
    [[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
    java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Ddiffood.models.path="$M" \
        -Ddiffood.ddp.noise-key=diffood-evaluation -Dquarkus.http.port=$port -jar target/quarkus-app/quarkus-run.jar \
        > target/cifar10-adaptive-server.log 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    until [[ $(curl -s -o /dev/null -w '%{http_code}' localhost:$port/q/health/ready) == 200 ]]; do
        kill -0 $server 2>/dev/null || { echo "the function did not start: target/cifar10-adaptive-server.log" >&2; exit 1; }
        sleep 1
    done
    target=$(decision)
    watched=$(tr ',' '\n' <<< "$target,vim,knn,denoisedKnn,fusedFisher" | awk '!seen[$0]++' | paste -sd,)
    tool attack --mode adaptive --target "$target" --endpoint http://localhost:$port --set diffood.models.path="$M" \
        --ood textures --eps 8/255 --images 20 --iterations 20 --queries 20 --ind-samples 300 \
        --detectors "$watched" --out docs/evaluation/cifar10-attacks --name "adaptive-$target-api"
fi
