package io.diffood.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

import java.util.Locale;

/** Turns the {@code diffood.device} setting into a DJL device, given whether TensorFlow sees a CUDA GPU. */
public final class DeviceSelector {

    private DeviceSelector() {
    }

    public static Device select(String setting, boolean gpuAvailable) {
        return switch (setting.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (!gpuAvailable) {
                    throw new ModelLoadException("diffood.device=gpu but TensorFlow sees no CUDA GPU "
                            + "(build with -Pgpu and run on a node with the NVIDIA driver, CUDA 12 and cuDNN 8)");
                }
                yield Device.gpu();
            }
            case "auto" -> gpuAvailable ? Device.gpu() : Device.cpu();
            default -> throw new ModelLoadException("diffood.device must be cpu, gpu or auto, not '" + setting + "'");
        };
    }

    /** Device for the running TensorFlow engine. */
    public static Device select(String setting) {
        TensorFlowNatives.ensureLoaded();
        return select(setting, Engine.getEngine("TensorFlow").hasCapability(StandardCapabilities.CUDA));
    }
}
