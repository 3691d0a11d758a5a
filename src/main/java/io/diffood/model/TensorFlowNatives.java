package io.diffood.model;

import org.bytedeco.javacpp.Loader;

import java.io.File;

/**
 * Hands the TensorFlow natives to DJL, which cannot find them by itself and would try to download its own.
 * Containers extract the libraries at build time and set TENSORFLOW_LIBRARY_PATH (with
 * -Dorg.bytedeco.javacpp.pathsFirst=true); elsewhere JavaCPP extracts them from the native jar on first use.
 */
public final class TensorFlowNatives {

    private static volatile boolean ready;

    private TensorFlowNatives() {
    }

    public static synchronized void ensureLoaded() {
        if (ready) {
            return;
        }
        // DJL must never reach out to the network: no downloads, no usage tracking
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
        if (System.getenv("TENSORFLOW_LIBRARY_PATH") == null && System.getProperty("TENSORFLOW_LIBRARY_PATH") == null) {
            String jni = Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
            System.setProperty("TENSORFLOW_LIBRARY_PATH", new File(jni).getParent());
        }
        ready = true;
    }
}
