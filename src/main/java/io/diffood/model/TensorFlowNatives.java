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
        skipCudaProbesOfCpuNatives();
        if (System.getenv("TENSORFLOW_LIBRARY_PATH") == null && System.getProperty("TENSORFLOW_LIBRARY_PATH") == null) {
            String jni = Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
            System.setProperty("TENSORFLOW_LIBRARY_PATH", new File(jni).getParent());
        }
        ready = true;
    }

    /**
     * TensorFlow's JavaCPP preset declares a "-gpu" extension, so JavaCPP tries 18 CUDA libraries (cudart, cudnn, ...)
     * before TensorFlow's own, each a failed search of the whole class path: a quarter of a second of the cold start,
     * and useless with the CPU natives, which cannot use CUDA. With those natives on the class path (not the GPU
     * build's) and no extension chosen by the user, the extension is set empty.
     */
    private static void skipCudaProbesOfCpuNatives() {
        String extension = "org.bytedeco.javacpp.platform.extension";
        String cpuNatives = "org/tensorflow/internal/c_api/" + Loader.getPlatform() + "/libjnitensorflow.so";
        if (System.getProperty(extension) == null
                && TensorFlowNatives.class.getClassLoader().getResource(cpuNatives) != null) {
            System.setProperty(extension, "");
        }
    }
}
