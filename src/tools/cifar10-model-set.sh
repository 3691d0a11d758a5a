#!/usr/bin/env bash
# Builds models/cifar10 from ../shared/datasets with the committed options: the classifier, the denoiser, then the OOD
# bundle. About 5 hours on two cores (the classifier 3.7, the denoiser 1.3); resumable: run it again after an
# interruption and each step continues from its checkpoint (CHECKPOINTS, default ~/.diffood/checkpoints/cifar10:
# outside the work tree, which may be replaced between sessions) or is skipped once its model card exists. The
# denoiser's 2,500 steps: Adam at a constant rate until step 1,750, then cosine to 0 (the run was planned at 4,000
# steps and cut before its decay began). The classifier is ResNet-20 at width 32 (87.11 % on the test JPEGs; width 16
# reached 86.28 %).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${DATA:-../shared/datasets}
checkpoints=${CHECKPOINTS:-$HOME/.diffood/checkpoints/cifar10}
train=$data/cifar10_train_jpg/cifar10-train-jpg.tar.gz

./mvnw -q test-compile exec:exec@tools -Dargs="train --data $train \
  --test-data $data/cifar10_test_jpg/cifar10-test-jpg.tar.gz --out models/cifar10 --validation 5000 \
  --classifier resnet --classifier-depth 20 --classifier-width 32 --classifier-steps 12000 \
  --denoiser-width 32 --denoiser-attention --denoiser-steps 2500 \
  --checkpoint-dir $checkpoints --checkpoint-minutes 10"

if [[ ! -f models/cifar10/ood/bundle.properties ]]; then
    # fusedFisher decides, the denoised copies from t = 60: both chosen on the validation split
    # (docs/evaluation/cifar10-validation, cifar10-timestep.md); 2,000 thumbnails keep it small
    ./mvnw -q test-compile exec:exec@tools -Dargs="fit --data $train --set diffood.models.path=models/cifar10 \
      --thumbnails 2000 --denoised-timestep 60 --decision fusedFisher --out models/cifar10/ood"
fi
