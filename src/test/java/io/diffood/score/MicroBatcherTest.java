package io.diffood.score;

import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.GaussianNoise;
import io.diffood.diffusion.NoiseSchedule;
import io.diffood.diffusion.Trajectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batching, failure and shutdown logic with stand-in scorers. No assertion depends on how fast the machine is:
 * batches are made deterministic by holding the worker inside a gate batch (a latch) while the next jobs queue up.
 */
class MicroBatcherTest {

    /** Generous bound for anything that should happen "soon"; only reached when the code under test is wrong. */
    private static final long WAIT = 30;

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final List<MicroBatcher> batchers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        batchers.forEach(MicroBatcher::close);
    }

    private MicroBatcher batcher(MicroBatcher.BatchScorer scorer, int maxBatch, Duration maxWait, int capacity) {
        MicroBatcher b = new MicroBatcher(scorer, maxBatch, maxWait, capacity, batch -> { });
        batchers.add(b);
        return b;
    }

    /** Scores each image by its first pixel; fails the whole batch if any image starts with -1. */
    private DdpScorer.Batch echo(List<ScoreJob> jobs) {
        batchSizes.add(jobs.size());
        List<Observation> results = new ArrayList<>();
        for (ScoreJob job : jobs) {
            float[] image = job.image();
            if (image[0] == -1f) {
                throw new IllegalStateException("poisoned image");
            }
            results.add(result(image[0]));
        }
        return new DdpScorer.Batch(results, new DdpScorer.Timings(0, 0, 0, 0, jobs.size()));
    }

    /** An observation whose single logit is the score the tests check. */
    private static Observation result(double score) {
        return new Observation(new float[] {(float) score}, new float[0], 0, 0, Map.of(), 0);
    }

    private static ScoreSettings settings() {
        return new ScoreSettings(List.of(10), 1, 0);
    }

    /**
     * A scorer that holds the worker inside a gate batch (image value {@link #GATE}, scored by {@link #echo}) until
     * released, so that what is submitted meanwhile is queued, and is taken as one batch once the gate opens. Used
     * with max-wait zero: the gate leaves alone, and the next batch is exactly what was queued (up to max-size).
     */
    private final class Gated implements MicroBatcher.BatchScorer {
        static final float GATE = 1000f;
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final MicroBatcher.BatchScorer next;

        Gated(MicroBatcher.BatchScorer next) {
            this.next = next;
        }

        @Override
        public DdpScorer.Batch score(List<ScoreJob> jobs) {
            if (jobs.get(0).image()[0] == GATE) {
                inside.countDown();
                await(release);
                return echo(jobs);
            }
            return next.score(jobs);
        }

        /** Sends the gate job and returns once the worker holds it. */
        CompletableFuture<MicroBatcher.Scored> close(MicroBatcher batcher) throws InterruptedException {
            CompletableFuture<MicroBatcher.Scored> gate = batcher.submit(new float[] {GATE}, settings());
            assertTrue(inside.await(WAIT, TimeUnit.SECONDS), "the worker never took the gate job");
            return gate;
        }
    }

    @Test
    void queuedRequestsShareABatchAndGetTheirOwnResults() throws Exception {
        Gated gated = new Gated(this::echo);
        MicroBatcher batcher = batcher(gated, 8, Duration.ZERO, 64);
        var gate = gated.close(batcher);
        List<CompletableFuture<MicroBatcher.Scored>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(batcher.submit(new float[] {i}, settings()));
        }
        gated.release.countDown();
        assertEquals(Gated.GATE, gate.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        for (int i = 0; i < 8; i++) {
            MicroBatcher.Scored scored = futures.get(i).get(WAIT, TimeUnit.SECONDS);
            assertEquals(i, scored.result().logits()[0]);
            assertEquals(8, scored.batch().batchSize());
        }
        // the eight were all queued when the worker came back: one batch, even with no time to wait for company
        assertEquals(List.of(1, 8), batchSizes);
    }

    @Test
    void aPoisonedImageFailsAloneNotItsBatchMates() throws Exception {
        Gated gated = new Gated(this::echo);
        MicroBatcher batcher = batcher(gated, 4, Duration.ZERO, 64);
        gated.close(batcher);
        var good1 = batcher.submit(new float[] {1}, settings());
        var bad = batcher.submit(new float[] {-1}, settings());
        var good2 = batcher.submit(new float[] {2}, settings());
        gated.release.countDown();
        assertEquals(1.0, good1.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        assertEquals(2.0, good2.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(List.of(1, 3, 1, 1, 1), batchSizes, "the gate, the failed batch of 3, then each image alone");
    }

    @Test
    void aLoneRequestIsScoredAloneAfterWaitingForCompany() throws Exception {
        MicroBatcher batcher = batcher(this::echo, 8, Duration.ofMillis(50), 64);
        MicroBatcher.Scored scored = batcher.submit(new float[] {3}, settings()).get(WAIT, TimeUnit.SECONDS);
        assertEquals(3.0, scored.result().logits()[0]);
        assertEquals(List.of(1), batchSizes, "nobody came: a batch of one");
        // a lower bound holds on any machine: the batch waited max-wait for more images before it left
        assertTrue(scored.queueMs() >= 50, "waited " + scored.queueMs() + " ms");
    }

    @Test
    void theFirstRequestWaitsForCompanyUntilTheBatchIsFull() throws Exception {
        MicroBatcher batcher = batcher(this::echo, 2, Duration.ofHours(1), 64);
        var first = batcher.submit(new float[] {1}, settings());
        // held for company (max-wait is an hour); this check can only pass wrongly, never fail wrongly
        assertThrows(TimeoutException.class, () -> first.get(200, TimeUnit.MILLISECONDS));
        var second = batcher.submit(new float[] {2}, settings());
        assertEquals(1.0, first.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        assertEquals(2.0, second.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        assertEquals(List.of(2), batchSizes);
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        Gated gated = new Gated(this::echo);
        MicroBatcher batcher = batcher(gated, 1, Duration.ZERO, 2);
        var gate = gated.close(batcher); // the worker holds it: the queue is empty
        var second = batcher.submit(new float[] {2}, settings());
        var third = batcher.submit(new float[] {3}, settings());
        RejectedExecutionException full = assertThrows(RejectedExecutionException.class,
                () -> batcher.submit(new float[] {4}, settings()));
        assertFalse(full instanceof MicroBatcher.StoppedException, "full is not stopped");
        gated.release.countDown();
        assertEquals(Gated.GATE, gate.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        assertEquals(2.0, second.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        assertEquals(3.0, third.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
    }

    @Test
    void anErrorFromTheScorerFailsThatBatchOnlyAndTheNextRequestSucceeds() throws Exception {
        OutOfMemoryError oom = new OutOfMemoryError("test: the batch did not fit");
        AtomicBoolean first = new AtomicBoolean(true);
        MicroBatcher batcher = batcher(jobs -> {
            if (first.getAndSet(false)) {
                throw oom;
            }
            return echo(jobs);
        }, 8, Duration.ZERO, 64);
        var failed = batcher.submit(new float[] {1}, settings());
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(WAIT, TimeUnit.SECONDS));
        assertSame(oom, e.getCause(), "the request fails with the cause, whatever its class");

        var next = batcher.submit(new float[] {2}, settings());
        assertEquals(2.0, next.get(WAIT, TimeUnit.SECONDS).result().logits()[0], "the worker went on");
        assertTrue(batcher.worker().isAlive());
        assertEquals(java.util.Optional.empty(), batcher.failure());
    }

    @Test
    void anErrorInABatchOfSeveralIsRetriedImageByImage() throws Exception {
        Gated gated = new Gated(jobs -> {
            if (jobs.size() > 1) {
                throw new StackOverflowError("test");
            }
            return echo(jobs);
        });
        MicroBatcher batcher = batcher(gated, 4, Duration.ZERO, 64);
        gated.close(batcher);
        var a = batcher.submit(new float[] {1}, settings());
        var b = batcher.submit(new float[] {2}, settings());
        gated.release.countDown();
        assertEquals(1.0, a.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
        assertEquals(2.0, b.get(WAIT, TimeUnit.SECONDS).result().logits()[0]);
    }

    @Test
    void aWorkerThatCannotGoOnSaysWhyAndRefusesEverything() throws Exception {
        MicroBatcher batcher = batcher(this::echo, 8, Duration.ZERO, 64);
        batcher.worker().interrupt(); // nothing but close() may stop the worker: anything else is fatal
        batcher.worker().join(TimeUnit.SECONDS.toMillis(WAIT));
        assertFalse(batcher.worker().isAlive());
        assertTrue(batcher.failure().orElseThrow().startsWith("the scoring worker stopped: java.lang.InterruptedException"),
                batcher.failure().orElseThrow());
        MicroBatcher.StoppedException refused = assertThrows(MicroBatcher.StoppedException.class,
                () -> batcher.submit(new float[] {1}, settings()));
        assertFalse(refused.shuttingDown(), "a failed worker is not a shutdown");
    }

    @Test
    void closeAbandonsTheRunningBatchFailsTheQueueAndJoinsTheWorker() throws Exception {
        Gated gated = new Gated(this::echo);
        MicroBatcher batcher = batcher(gated, 1, Duration.ZERO, 64);
        var running = gated.close(batcher);
        var queued = batcher.submit(new float[] {2}, settings());
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> batcher.close(Duration.ofSeconds(WAIT)));

        // at once: both answered, so that nobody waits for a batch that will not be finished
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(WAIT, TimeUnit.SECONDS));
        assertTrue(((MicroBatcher.StoppedException) e.getCause()).shuttingDown());
        e = assertThrows(ExecutionException.class, () -> queued.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(MicroBatcher.StoppedException.class, e.getCause());
        // the close joins the worker, which is still inside the scorer (only passes wrongly, never fails wrongly)
        assertThrows(TimeoutException.class, () -> closing.get(200, TimeUnit.MILLISECONDS));
        assertTrue(batcher.worker().isAlive());

        gated.release.countDown();
        assertTrue(closing.get(WAIT, TimeUnit.SECONDS), "joined");
        assertFalse(batcher.worker().isAlive());
        assertTrue(assertThrows(MicroBatcher.StoppedException.class,
                () -> batcher.submit(new float[] {3}, settings())).shuttingDown());
    }

    @Test
    void shutdownRefusesNewJobsAndStillScoresTheAcceptedOnes() throws Exception {
        Gated gated = new Gated(this::echo);
        MicroBatcher batcher = batcher(gated, 1, Duration.ZERO, 64);
        var gate = gated.close(batcher);
        var accepted = batcher.submit(new float[] {2}, settings());
        batcher.shutdown();
        assertTrue(assertThrows(MicroBatcher.StoppedException.class,
                () -> batcher.submit(new float[] {3}, settings())).shuttingDown());
        assertFalse(batcher.awaitIdle(Duration.ofMillis(50)), "two accepted jobs are not answered yet");
        assertEquals(2, batcher.pending());

        gated.release.countDown();
        assertTrue(batcher.awaitIdle(Duration.ofSeconds(WAIT)));
        assertEquals(Gated.GATE, gate.get().result().logits()[0]);
        assertEquals(2.0, accepted.get().result().logits()[0]);
        assertTrue(batcher.close(Duration.ofSeconds(WAIT)));
    }

    @Test
    void noFutureIsLostWhenJobsArriveWhileTheBatcherCloses() throws Exception {
        MicroBatcher batcher = batcher(this::echo, 4, Duration.ZERO, 16);
        List<CompletableFuture<MicroBatcher.Scored>> handedOut = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (true) {
                    try {
                        handedOut.add(batcher.submit(new float[] {1}, settings()));
                    } catch (MicroBatcher.StoppedException stopped) {
                        return;
                    } catch (RejectedExecutionException full) {
                        Thread.onSpinWait();
                    }
                }
            });
            t.start();
            submitters.add(t);
        }
        assertTrue(started.await(WAIT, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (handedOut.size() < 20) { // close while jobs are coming in
            assertTrue(System.nanoTime() < deadline, "the submitters got nothing in");
            Thread.onSpinWait();
        }
        batcher.close(Duration.ofSeconds(WAIT));
        for (Thread t : submitters) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT));
            assertFalse(t.isAlive(), "a submitter was never refused");
        }
        synchronized (handedOut) {
            for (CompletableFuture<MicroBatcher.Scored> f : handedOut) {
                assertTrue(f.isDone(), "a future handed out before or during the close never completed");
            }
        }
        assertEquals(0, batcher.pending());
    }

    /**
     * The real DDIM loop behind the batcher: a request that times out while its batch runs stops costing denoiser
     * work at the next step, and its batch-mate is scored in full.
     */
    @Test
    void aTimedOutRequestStopsConsumingTheDenoiserItsBatchMateDoesNot() throws Exception {
        NoiseSchedule schedule = NoiseSchedule.linear(1000, 1e-4, 0.02);
        DdimSampler sampler = new DdimSampler(schedule, 20, 0.0, 10); // no guidance: one row per trajectory
        int size = 4;
        int steps = sampler.stepsFrom(400, 0);
        CountDownLatch thirdCall = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        List<int[]> callTimesteps = new CopyOnWriteArrayList<>();
        Consumer<int[]> onCall = t -> {
            callTimesteps.add(t);
            if (callTimesteps.size() == 3) {
                thirdCall.countDown();
                await(goOn);
            }
        };
        // one trajectory per job, from t = 400 (first job) and t = 399 (second), so each row says whose it is
        MicroBatcher.BatchScorer ddim = jobs -> {
            List<Trajectory> trajectories = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                trajectories.add(Trajectory.noised(schedule, new float[size], GaussianNoise.draws(i, 1, size)[0],
                        400 - i, 0, jobs.get(i).abandoned(), 0));
            }
            int calls = sampler.denoise(trajectories, (x, t, y) -> {
                onCall.accept(t.clone());
                return new float[x.length];
            });
            List<Observation> results = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                results.add(result(calls));
            }
            return new DdpScorer.Batch(results, new DdpScorer.Timings(0, 0, 0, calls, jobs.size()));
        };
        Gated gated = new Gated(ddim);
        MicroBatcher batcher = batcher(gated, 2, Duration.ZERO, 64);
        var gate = gated.close(batcher);
        var timingOut = batcher.submit(new float[size], settings());
        var mate = batcher.submit(new float[size], settings());
        gated.release.countDown();
        gate.get(WAIT, TimeUnit.SECONDS);

        assertTrue(thirdCall.await(WAIT, TimeUnit.SECONDS), "the pair's batch never reached its third step");
        timingOut.cancel(false); // what BatchedScoring does when the request timeout passes
        goOn.countDown();

        assertEquals(steps, mate.get(WAIT, TimeUnit.SECONDS).result().logits()[0], "the mate ran every step");
        assertTrue(timingOut.isCancelled());
        int timedOutRows = 0;
        for (int[] t : callTimesteps) {
            for (int v : t) {
                if ((400 - v) % 20 == 0) { // rows of the first job: 400, 380, ...
                    timedOutRows++;
                }
            }
        }
        assertEquals(steps, callTimesteps.size(), "one call per step of the longer trajectory");
        assertEquals(3, timedOutRows, "the timed-out request cost three steps of " + steps + ", then none");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
