package io.diffood.score;

import java.util.List;

/** Per-image DDP settings: the timesteps to start from, the noise draws per timestep, and the noise seed. */
public record ScoreSettings(List<Integer> timesteps, int repeats, long seed) {

    public ScoreSettings {
        timesteps = List.copyOf(timesteps);
    }
}
