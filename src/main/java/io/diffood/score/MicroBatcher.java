package io.diffood.score;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Gathers concurrent score requests into model batches. One worker thread takes the first waiting image,
 * then waits at most {@code maxWait} for more, up to {@code maxBatch}, and scores them together, so that the
 * denoiser sees large batches under load and a lone request pays at most {@code maxWait}. The queue is bounded:
 * when it is full, {@link #submit} refuses at once instead of letting latency grow without limit.
 */
public final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

    /** A scored image with the timings of the batch it rode in and how long it waited for it. */
    public record Scored(Observation result, DdpScorer.Timings batch, double queueMs) {
    }

    /** Observes each batch, e.g. for metrics. */
    public interface BatchListener {
        void batchDone(DdpScorer.Batch batch);
    }

    private record Job(ScoreJob work, long enqueued, CompletableFuture<Scored> future) {
    }

    /** What the batcher feeds: {@link DdpScorer#score}. */
    @FunctionalInterface
    public interface BatchScorer {
        DdpScorer.Batch score(List<ScoreJob> jobs);
    }

    private final BatchScorer scorer;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Job> queue;
    private final BatchListener listener;
    private final Thread worker;
    private volatile boolean running = true;

    public MicroBatcher(BatchScorer scorer, int maxBatch, Duration maxWait, int capacity, BatchListener listener) {
        if (maxBatch < 1 || capacity < 1) {
            throw new IllegalArgumentException("batch size and queue capacity must be positive");
        }
        this.scorer = scorer;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.listener = listener;
        this.worker = new Thread(this::run, "diffood-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues an image; the future completes when its batch is scored. Refuses when the queue is full. */
    public CompletableFuture<Scored> submit(float[] image, ScoreSettings settings) {
        CompletableFuture<Scored> future = new CompletableFuture<>();
        // a future that is done (timed out, cancelled) abandons its image: the scorer stops denoising it
        ScoreJob work = new ScoreJob(image, settings, future::isDone);
        if (!running || !queue.offer(new Job(work, System.nanoTime(), future))) {
            throw new RejectedExecutionException("the scoring queue is full (" + queue.size() + " waiting)");
        }
        return future;
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Job> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                batch.clear();
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    Job next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                batch.removeIf(job -> job.future.isDone()); // timed out or cancelled while waiting
                if (!batch.isEmpty()) {
                    score(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void score(List<Job> jobs) {
        long start = System.nanoTime();
        try {
            DdpScorer.Batch result = scorer.score(jobs.stream().map(Job::work).toList());
            listener.batchDone(result);
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                job.future.complete(new Scored(result.results().get(i), result.timings(), (start - job.enqueued) / 1e6));
            }
        } catch (RuntimeException e) {
            if (jobs.size() == 1) {
                jobs.get(0).future.completeExceptionally(e);
            } else {
                // find the culprit: score each alone so that one bad image cannot fail its batch-mates
                LOG.warnf("a batch of %d failed (%s); scoring its images one by one", jobs.size(), e.getMessage());
                for (Job job : jobs) {
                    score(List.of(job));
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        Job job;
        while ((job = queue.poll()) != null) {
            job.future.completeExceptionally(new RejectedExecutionException("the scorer is shutting down"));
        }
    }
}
