package io.diffood.model;

/** The {@code diffood.device} setting: CPU, GPU, or GPU when TensorFlow sees one. */
public enum DeviceChoice {
    CPU, GPU, AUTO
}
