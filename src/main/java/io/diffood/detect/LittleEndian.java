package io.diffood.detect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Arrays to and from little-endian bytes, the byte order of every binary file in a bundle. */
final class LittleEndian {

    private LittleEndian() {
    }

    static byte[] floats(float[] values) {
        ByteBuffer buffer = allocate(values.length, Float.BYTES);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    static byte[] doubles(double[] values) {
        ByteBuffer buffer = allocate(values.length, Double.BYTES);
        buffer.asDoubleBuffer().put(values);
        return buffer.array();
    }

    static byte[] ints(int[] values) {
        ByteBuffer buffer = allocate(values.length, Integer.BYTES);
        buffer.asIntBuffer().put(values);
        return buffer.array();
    }

    static float[] toFloats(byte[] bytes) {
        float[] values = new float[count(bytes, Float.BYTES)];
        wrap(bytes).asFloatBuffer().get(values);
        return values;
    }

    static double[] toDoubles(byte[] bytes) {
        double[] values = new double[count(bytes, Double.BYTES)];
        wrap(bytes).asDoubleBuffer().get(values);
        return values;
    }

    static int[] toInts(byte[] bytes) {
        int[] values = new int[count(bytes, Integer.BYTES)];
        wrap(bytes).asIntBuffer().get(values);
        return values;
    }

    private static ByteBuffer allocate(int count, int width) {
        return ByteBuffer.allocate(Math.multiplyExact(count, width)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int count(byte[] bytes, int width) {
        if (bytes.length % width != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes are no whole number of " + width + "-byte values");
        }
        return bytes.length / width;
    }
}
