package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;

/** ViM on the clean image: the residual outside the principal subspace, on the logit scale, minus the energy. */
record VimScore(Vim vim) implements Detector {

    @Override
    public String name() {
        return Vim.NAME;
    }

    @Override
    public String description() {
        return "virtual-logit matching: the feature residual outside the principal subspace, scaled to the logits, "
                + "combined with the energy (Wang et al. 2022)";
    }

    @Override
    public List<Integer> timesteps(List<Integer> ddpTimesteps) {
        return List.of();
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public double score(Observation o, List<Integer> ddpTimesteps) {
        return vim.score(o.features(), o.logits());
    }
}
