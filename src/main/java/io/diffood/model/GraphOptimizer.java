package io.diffood.model;

import ai.djl.Device;

/**
 * The {@code diffood.graph-optimizer} setting: whether TensorFlow's graph optimizer (Grappler) rewrites a model's graph
 * on its first run. On CPU it costs 0.1 to 0.2 s a model at start and gave no faster runs after (docs/benchmarks.md),
 * so {@code AUTO} runs it on GPU only, where its layout and mixed-precision rewrites are what it is for.
 */
public enum GraphOptimizer {
    AUTO, ON, OFF;

    public boolean runsOn(Device device) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> device.isGpu();
        };
    }
}
