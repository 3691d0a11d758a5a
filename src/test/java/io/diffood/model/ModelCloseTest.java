package io.diffood.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.diffood.testing.FixtureModelsResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a model while another thread runs it: the close waits for the run (which reads valid outputs to the
 * end), and every later call fails with a clear error instead of reaching a freed TensorFlow session.
 */
class ModelCloseTest {

    private static final int N = 4;
    private static final int PIXELS = 28 * 28;

    @BeforeAll
    static void build() {
        FixtureModelsResource.buildOnce();
    }

    private static Denoiser load() {
        return Denoiser.load(DenoiserSpec.standard(FixtureModelsResource.DIR.resolve("denoiser")), Device.cpu());
    }

    /** The fixture denoiser's eps for x = 1, t = 0 (the same for every pixel). */
    private static NDList inputs(ai.djl.ndarray.NDManager m) {
        float[] x = new float[N * PIXELS];
        java.util.Arrays.fill(x, 1f);
        NDArray xs = m.create(x, new Shape(N, 28, 28, 1));
        xs.setName("x");
        NDArray ts = m.create(new int[N]);
        ts.setName("t");
        NDArray ys = m.create(new int[N]);
        ys.setName("y");
        return new NDList(xs, ts, ys);
    }

    @Test
    void closeWaitsForTheRunInFlightAndLaterRunsGetAClearError() throws Exception {
        Denoiser denoiser = load();
        SavedModel model = denoiser.savedModel();
        float[] expected = denoiser.predictNoise(filled(1f), new int[N], new int[N]);

        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the run stops between the session call and reading its outputs: the most fragile moment for a close
        CompletableFuture<float[]> run = CompletableFuture.supplyAsync(() -> model.run(ModelCloseTest::inputs, out -> {
            inside.countDown();
            await(release);
            return SavedModel.floats(out, "eps");
        }));
        assertTrue(inside.await(60, TimeUnit.SECONDS), "the run did not start");

        CompletableFuture<Void> close = CompletableFuture.runAsync(model::close);
        // the close is blocked for as long as the run holds the model (a negative check: it can only pass wrongly)
        assertThrows(TimeoutException.class, () -> close.get(300, TimeUnit.MILLISECONDS), "close did not wait for the run");
        assertFalse(model.isClosed());

        release.countDown();
        float[] read = run.get(60, TimeUnit.SECONDS);
        assertEquals(expected.length, read.length);
        assertEquals(expected[0], read[0], 1e-6, "the run read its outputs from a live session");
        close.get(60, TimeUnit.SECONDS);
        assertTrue(model.isClosed());

        ModelClosedException e = assertThrows(ModelClosedException.class,
                () -> denoiser.predictNoise(filled(1f), new int[N], new int[N]));
        assertEquals("the denoiser model is closed", e.getMessage());
        assertEquals(0, model.openArrays(), "metrics may still ask after the close");
        model.close(); // a second close is harmless
    }

    @Test
    void aRunThatArrivesWhileACloseWaitsIsRefusedNotCrashed() throws Exception {
        Denoiser denoiser = load();
        SavedModel model = denoiser.savedModel();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<float[]> first = CompletableFuture.supplyAsync(() -> model.run(ModelCloseTest::inputs, out -> {
            inside.countDown();
            await(release);
            return SavedModel.floats(out, "eps");
        }));
        assertTrue(inside.await(60, TimeUnit.SECONDS));
        CompletableFuture<Void> close = CompletableFuture.runAsync(model::close);
        waitUntilQueued(model);
        // a call now queues behind the waiting close, and then finds the model closed
        CompletableFuture<float[]> late = CompletableFuture.supplyAsync(
                () -> denoiser.predictNoise(filled(1f), new int[N], new int[N]));
        release.countDown();
        assertEquals(N * PIXELS, first.get(60, TimeUnit.SECONDS).length);
        close.get(60, TimeUnit.SECONDS);
        Throwable refused = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> late.get(60, TimeUnit.SECONDS)).getCause();
        assertEquals(ModelClosedException.class, refused.getClass());
    }

    private static void waitUntilQueued(SavedModel model) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!model.closeIsWaiting()) {
            assertTrue(System.nanoTime() < deadline, "the close never queued for the model");
            Thread.sleep(5);
        }
    }

    private static float[] filled(float value) {
        float[] x = new float[N * PIXELS];
        java.util.Arrays.fill(x, value);
        return x;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
