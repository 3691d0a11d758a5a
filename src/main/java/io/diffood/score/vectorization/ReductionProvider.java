package io.diffood.score.vectorization;

import org.jboss.logging.Logger;

/**
 * Chooses the reduction implementation once per process: the Vector API one when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector} (its KNN scan on the scalar loop until the JIT compiled the vector kernel:
 * {@link WarmingReductionSupport}), else the scalar one. To compare the two, start the function without the module
 * ({@code VECTOR=off} in {@code src/bench/server.sh}); tests and benchmarks in process take {@link #scalar()}.
 */
public final class ReductionProvider {

    private static final Logger LOG = Logger.getLogger(ReductionProvider.class);
    private static final ReductionSupport INSTANCE = choose();

    private ReductionProvider() {
    }

    public static ReductionSupport get() {
        return INSTANCE;
    }

    /** The scalar twin, for tests and benchmarks. */
    public static ReductionSupport scalar() {
        return new ScalarReductionSupport();
    }

    /** The Vector API implementation; fails when the incubator module is absent. */
    public static ReductionSupport panama() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("start the JVM with --add-modules=jdk.incubator.vector");
        }
        return new PanamaReductionSupport();
    }

    private static ReductionSupport choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.warn("jdk.incubator.vector is not enabled (--add-modules=jdk.incubator.vector): using scalar reductions");
            return scalar();
        }
        return new WarmingReductionSupport(panama());
    }
}
