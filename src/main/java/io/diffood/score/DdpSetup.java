package io.diffood.score;

import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.NoiseSchedule;
import io.diffood.diffusion.ScheduleSettings;
import io.diffood.model.ModelSet;

/** The configured DDP: schedule, sampler and scoring space, and the scorer they make with a model set. */
public record DdpSetup(NoiseSchedule schedule, DdimSampler sampler, Space space) {

    public static DdpSetup of(ScheduleSettings schedule, DdpSettings ddp, int nullClass) {
        NoiseSchedule noise = schedule.create();
        int stride = Math.max(1, schedule.steps() / ddp.sampleSteps());
        return new DdpSetup(noise, new DdimSampler(noise, stride, ddp.guidance(), nullClass), ddp.space());
    }

    public DdpSetup withSpace(Space other) {
        return new DdpSetup(schedule, sampler, other);
    }

    public DdpScorer scorer(ModelSet models) {
        return new DdpScorer(models.classifier(), models.denoiser(), schedule, sampler);
    }

    /** Denoiser evaluations one image costs with these settings (both guidance halves counted). */
    public int evaluations(ScoreSettings settings) {
        return sampler.evaluations(settings.timesteps(), settings.repeats(), settings.stride());
    }
}
