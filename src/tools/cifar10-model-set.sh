#!/usr/bin/env bash
# Builds models/cifar10 from ../shared/datasets with the committed options: the classifier, the denoiser, then the OOD
# bundle. About 9.5 hours on two cores (the classifier 3.7 + 1.4 + 1.4 + 1.3, the denoiser 1.3); resumable: run it again after
# an interruption and each step continues from its checkpoint (CHECKPOINTS, default ~/.diffood/checkpoints/cifar10:
# outside the work tree, which may be replaced between sessions) or is skipped once its model card exists. The
# classifier is an ensemble of two ResNet-20s at width 32 trained in cosine cycles, each of which fits in one session:
# 12,000 steps from random weights (34 epochs, 87.11 % on the test JPEGs), then two warm restarts from the previous
# cycle's weights, 5,000 steps each at a peak rate of 0.05 (14 epochs; 88.23 %, then 88.73 %), the third exported
# flip-averaged (89.44 %, two passes per image); a fifth cycle, warm from the third with Cutout (89.68 %
# flip-averaged); then `ensemble` of the third and fifth (logits averaged, features concatenated, four passes per
# image: 90.00 %; chosen on the validation split: docs/evaluation/cifar10-classifier-choice.md). The
# denoiser's 2,500 steps: Adam at a constant rate until step 1,750, then cosine to 0 (the run was planned at 4,000
# steps and cut before its decay began).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${DATA:-../shared/datasets}
checkpoints=${CHECKPOINTS:-$HOME/.diffood/checkpoints/cifar10}
train=$data/cifar10_train_jpg/cifar10-train-jpg.tar.gz

first=$checkpoints/first-cycle
second=$checkpoints/second-cycle
third=$checkpoints/third-cycle
fifth=$checkpoints/fifth-cycle
common="--data $train --test-data $data/cifar10_test_jpg/cifar10-test-jpg.tar.gz --validation 5000 \
  --classifier resnet --classifier-depth 20 --classifier-width 32 --checkpoint-minutes 10"

# each cycle is skipped once its own card or a later one exists
if [[ ! -f models/cifar10/classifier/model-card.json && ! -f $second/classifier/model-card.json \
      && ! -f $first/classifier/model-card.json ]]; then
    ./mvnw -q test-compile exec:exec@tools -Dargs="train $common --only classifier --out $first \
      --classifier-steps 12000 --checkpoint-dir $checkpoints/first"
fi
if [[ ! -f models/cifar10/classifier/model-card.json && ! -f $second/classifier/model-card.json ]]; then
    ./mvnw -q test-compile exec:exec@tools -Dargs="train $common --only classifier --out $second \
      --classifier-init $first/classifier --classifier-lr 0.05 --classifier-steps 5000 --checkpoint-dir $checkpoints/second"
fi
# the second warm restart, then the fifth cycle with Cutout from it, then their ensemble (each skipped once its card
# or models/cifar10/classifier's exists)
if [[ ! -f models/cifar10/classifier/model-card.json && ! -f $fifth/classifier/model-card.json ]]; then
    ./mvnw -q test-compile exec:exec@tools -Dargs="train $common --only classifier --out $third \
      --classifier-init $second/classifier --classifier-lr 0.05 --classifier-steps 5000 --classifier-flip-average \
      --checkpoint-dir $checkpoints/third"
fi
if [[ ! -f models/cifar10/classifier/model-card.json ]]; then
    ./mvnw -q test-compile exec:exec@tools -Dargs="train $common --only classifier --out $fifth \
      --classifier-init $third/classifier --classifier-cutout 16 --classifier-lr 0.05 --classifier-steps 5000 \
      --classifier-flip-average --checkpoint-dir $checkpoints/fifth"
    ./mvnw -q test-compile exec:exec@tools -Dargs="ensemble --data $train \
      --test-data $data/cifar10_test_jpg/cifar10-test-jpg.tar.gz --validation 5000 \
      $third/classifier $fifth/classifier --out models/cifar10/classifier"
fi
# the denoiser (skipped once its card exists)
./mvnw -q test-compile exec:exec@tools -Dargs="train $common --out models/cifar10 \
  --denoiser-width 32 --denoiser-attention --denoiser-steps 2500 --checkpoint-dir $checkpoints"

if [[ ! -f models/cifar10/ood/bundle.properties ]]; then
    # fusedFisher decides, the denoised detectors' copies come from t = 30: both chosen on the validation split
    # (docs/evaluation/cifar10-validation/decision.md, cifar10-timestep.md); 2,000 thumbnails keep it small
    ./mvnw -q test-compile exec:exec@tools -Dargs="fit --data $train --set diffood.models.path=models/cifar10 \
      --thumbnails 2000 --denoised-timestep 30 --decision fusedFisher --out models/cifar10/ood"
fi
