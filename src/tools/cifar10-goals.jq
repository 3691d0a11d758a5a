# Issue 19's goals for the CIFAR-10 decision detector, and a detector's worst margin to them; used by
# cifar10-evaluation.sh (the decision) and cifar10-denoised-timestep.sh (the timestep): jq -L src/tools.

# AUROC goal per OOD set of an `evaluate` report
def auroc_goals: {"textures": 0.95, "mnist": 0.95, "notmnist": 0.97, "omniglot": 0.97, "uniform-noise": 0.97,
                  "gaussian-noise": 0.97};

# . = an `evaluate` report, $attack = an `attack` report on textures: {at, margin} of detector $d's smallest margin
# over the AUROC goals and 0.90 under the attack's largest budget (8/255)
def worst_margin($d; $attack):
    auroc_goals as $goals
    | [(.oodSets[] | select($goals[.sample.name])
          | {at: .sample.name, margin: (.metrics[$d].auroc - $goals[.sample.name])}),
       {at: "textures attacked at 8/255", margin: ($attack.budgets[-1].evaluated[0].auroc[$d] - 0.90)}]
    | min_by(.margin);
