package io.diffood.train;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of {@link TrainDemoModels}. The defaults are the full reproducible run
 * (about an hour on 2 CPU cores).
 */
record TrainOptions(Path out, Path data, long seed, long classifierSteps, long denoiserSteps, int classifierWidth,
        int denoiserWidth, String only, double checkpointMinutes, int validationImages) {

    static final String USAGE = """
            usage: TrainDemoModels [--out models/demo] [--data /usr/share/datasets/fashion-mnist] [--seed 1]
                                   [--classifier-steps 2000] [--denoiser-steps 4000]
                                   [--classifier-width 32] [--denoiser-width 16]
                                   [--only classifier|denoiser] [--checkpoint-minutes 3] [--validation-images 2000]
            A model whose model-card.json exists is skipped unless --only names it.
            An interrupted run resumes from <out>/.checkpoint/<model> when started again with the same options.""";

    private static final Set<String> KEYS = Set.of("out", "data", "seed", "classifier-steps", "denoiser-steps",
            "classifier-width", "denoiser-width", "only", "checkpoint-minutes", "validation-images");

    static TrainOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (key == null || !KEYS.contains(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument '" + args[i] + "'\n" + USAGE);
            }
            values.put(key, args[++i]);
        }
        String only = values.get("only");
        if (only != null && !only.equals("classifier") && !only.equals("denoiser")) {
            throw new IllegalArgumentException("--only takes classifier or denoiser, not " + only);
        }
        return new TrainOptions(
                Path.of(values.getOrDefault("out", "models/demo")),
                Path.of(values.getOrDefault("data", "/usr/share/datasets/fashion-mnist")),
                Long.parseLong(values.getOrDefault("seed", "1")),
                Long.parseLong(values.getOrDefault("classifier-steps", "2000")),
                Long.parseLong(values.getOrDefault("denoiser-steps", "4000")),
                Integer.parseInt(values.getOrDefault("classifier-width", "32")),
                Integer.parseInt(values.getOrDefault("denoiser-width", "16")),
                only,
                Double.parseDouble(values.getOrDefault("checkpoint-minutes", "3")),
                Integer.parseInt(values.getOrDefault("validation-images", "2000")));
    }

    boolean trains(String model) {
        return only == null || only.equals(model);
    }

    Path checkpointDir(String model) {
        return out.resolve(".checkpoint").resolve(model);
    }
}
