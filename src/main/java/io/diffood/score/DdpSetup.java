package io.diffood.score;

import io.diffood.config.DiffoodConfig;
import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.NoiseSchedule;
import io.diffood.model.ModelSet;
import io.diffood.score.vectorization.ReductionProvider;

/** The configured DDP: schedule, sampler and scoring space, and the scorer they make with a model set. */
public record DdpSetup(NoiseSchedule schedule, DdimSampler sampler, Space space) {

    public static DdpSetup from(DiffoodConfig config, int nullClass) {
        DiffoodConfig.Schedule s = config.schedule();
        NoiseSchedule schedule = NoiseSchedule.of(s.type(), s.steps(), s.betaStart(), s.betaEnd());
        int stride = Math.max(1, s.steps() / config.ddp().sampleSteps());
        return new DdpSetup(schedule, new DdimSampler(schedule, stride, config.ddp().guidance(), nullClass),
                Space.of(config.ddp().space()));
    }

    public DdpScorer scorer(ModelSet models) {
        return new DdpScorer(models.classifier(), models.denoiser(), schedule, sampler, space, ReductionProvider.get());
    }
}
