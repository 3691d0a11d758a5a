package io.diffood.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

/** Turns the {@code diffood.device} setting into a DJL device, given whether TensorFlow sees a CUDA GPU. */
public final class DeviceSelector {

    private DeviceSelector() {
    }

    public static Device select(DeviceChoice choice, boolean gpuAvailable) {
        return switch (choice) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (!gpuAvailable) {
                    throw new ModelLoadException("diffood.device=gpu but TensorFlow sees no CUDA GPU "
                            + "(build with -Pgpu and run on a node with the NVIDIA driver, CUDA 12 and cuDNN 8)");
                }
                yield Device.gpu();
            }
            case AUTO -> gpuAvailable ? Device.gpu() : Device.cpu();
        };
    }

    /** Device for the running TensorFlow engine. */
    public static Device select(DeviceChoice choice) {
        if (choice == DeviceChoice.CPU) {
            return Device.cpu(); // no CUDA probe: it costs start-up time for nothing
        }
        TensorFlowNatives.ensureLoaded();
        return select(choice, Engine.getEngine("TensorFlow").hasCapability(StandardCapabilities.CUDA));
    }
}
