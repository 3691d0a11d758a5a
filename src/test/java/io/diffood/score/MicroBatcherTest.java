package io.diffood.score;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batching logic with a stand-in scorer whose single logit is the image's first pixel. */
class MicroBatcherTest {

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    /** Scores each image by its first pixel; fails the whole batch if any image starts with -1. */
    private DdpScorer.Batch echo(List<ScoreJob> jobs) {
        batchSizes.add(jobs.size());
        List<Observation> results = new ArrayList<>();
        for (ScoreJob job : jobs) {
            float[] image = job.image();
            if (image[0] == -1f) {
                throw new IllegalStateException("poisoned image");
            }
            results.add(new Observation(new float[] {image[0]}, new float[0], 0, 0, Map.of(), 0));
        }
        return new DdpScorer.Batch(results, new DdpScorer.Timings(0, 0, 0, 0, jobs.size()));
    }

    private static ScoreSettings settings() {
        return new ScoreSettings(List.of(10), 1, 0);
    }

    @Test
    void concurrentRequestsShareABatchAndGetTheirOwnResults() throws Exception {
        try (MicroBatcher batcher = new MicroBatcher(this::echo, 8, Duration.ofMillis(200), 64, b -> { })) {
            List<CompletableFuture<MicroBatcher.Scored>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(batcher.submit(new float[] {i}, settings()));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(i, futures.get(i).get(5, TimeUnit.SECONDS).result().logits()[0]);
            }
            assertEquals(List.of(8), batchSizes);
        }
    }

    @Test
    void aPoisonedImageFailsAloneNotItsBatchMates() throws Exception {
        try (MicroBatcher batcher = new MicroBatcher(this::echo, 4, Duration.ofMillis(200), 64, b -> { })) {
            var good1 = batcher.submit(new float[] {1}, settings());
            var bad = batcher.submit(new float[] {-1}, settings());
            var good2 = batcher.submit(new float[] {2}, settings());
            assertEquals(1.0, good1.get(5, TimeUnit.SECONDS).result().logits()[0]);
            assertEquals(2.0, good2.get(5, TimeUnit.SECONDS).result().logits()[0]);
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
    }

    @Test
    void aLoneRequestWaitsAtMostMaxWait() throws Exception {
        try (MicroBatcher batcher = new MicroBatcher(this::echo, 8, Duration.ofMillis(20), 64, b -> { })) {
            long start = System.nanoTime();
            batcher.submit(new float[] {3}, settings()).get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1000));
            assertEquals(List.of(1), batchSizes);
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher.BatchScorer blocking = jobs -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return echo(jobs);
        };
        try (MicroBatcher batcher = new MicroBatcher(blocking, 1, Duration.ZERO, 2, b -> { })) {
            var first = batcher.submit(new float[] {1}, settings()); // taken by the worker, which then blocks
            while (batcher.queued() > 0) {
                Thread.sleep(5);
            }
            batcher.submit(new float[] {2}, settings());
            batcher.submit(new float[] {3}, settings());
            assertThrows(RejectedExecutionException.class, () -> batcher.submit(new float[] {4}, settings()));
            release.countDown();
            assertEquals(1.0, first.get(5, TimeUnit.SECONDS).result().logits()[0]);
        }
    }
}
