package io.diffood.score;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gathers concurrent score requests into model batches. One worker thread takes the first waiting image,
 * then waits at most {@code maxWait} for more, up to {@code maxBatch}, and scores them together, so that the
 * denoiser sees large batches under load and a lone request pays at most {@code maxWait}. The queue is bounded:
 * when it is full, {@link #submit} refuses at once instead of letting latency grow without limit.
 * <p>
 * Every accepted job's future completes, whatever happens: scored; failed with the cause when its batch throws
 * anything, {@link Error}s included (the worker goes on with the next batch); or failed with a
 * {@link StoppedException} when the batcher closes or its worker cannot go on. A future that is done before its
 * batch is (timed out, cancelled, failed by {@link #close}) abandons its image: the scorer stops denoising it at
 * the next DDIM step.
 * <p>
 * Stopping in order: {@link #shutdown()} refuses new jobs and keeps scoring the accepted ones,
 * {@link #awaitIdle} waits until they are answered, {@link #close()} fails what is left and joins the worker.
 */
public final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);
    /** How often an idle worker looks whether it should stop. */
    private static final long IDLE_POLL_MILLIS = 50;
    /** How long {@link #close()} waits for the worker to finish its model call. */
    private static final Duration DEFAULT_JOIN = Duration.ofSeconds(60);

    /** A scored image with the timings of the batch it rode in and how long it waited for it. */
    public record Scored(Observation result, DdpScorer.Timings batch, double queueMs) {
    }

    /** Observes each batch, e.g. for metrics. */
    public interface BatchListener {
        void batchDone(DdpScorer.Batch batch);
    }

    /** What the batcher feeds: {@link DdpScorer#score}. */
    @FunctionalInterface
    public interface BatchScorer {
        DdpScorer.Batch score(List<ScoreJob> jobs);
    }

    /** The batcher takes no more jobs: it is shutting down, or its worker stopped ({@link #failure()}). */
    public static final class StoppedException extends RejectedExecutionException {
        private final boolean shuttingDown;

        StoppedException(String message, boolean shuttingDown, Throwable cause) {
            super(message, cause);
            this.shuttingDown = shuttingDown;
        }

        /** True when the batcher was stopped on purpose, false when its worker failed. */
        public boolean shuttingDown() {
            return shuttingDown;
        }
    }

    private enum State {
        /** Takes and scores jobs. */
        RUNNING,
        /** Refuses new jobs, scores the accepted ones. */
        DRAINING,
        /** Fails what is left; the worker stops after its current model call. */
        CLOSING,
        /** The worker has stopped. */
        TERMINATED
    }

    private record Job(ScoreJob work, long enqueued, CompletableFuture<Scored> future) {
    }

    private final BatchScorer scorer;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Job> queue;
    private final BatchListener listener;
    private final Thread worker;
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    /** Accepted jobs whose futures are not complete yet. */
    private final AtomicInteger pending = new AtomicInteger();
    private final Object idle = new Object();
    /** Held while a request's images enter the queue, so that the worker never takes a batch from the middle. */
    private final ReentrantLock intake = new ReentrantLock();
    /** The batch in the scorer now, so that {@link #close} can abandon it. */
    private volatile List<Job> current = List.of();
    private volatile Throwable failure;

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

    /**
     * Queues an image; the future completes when its batch is scored (or fails, see the class comment).
     *
     * @throws StoppedException          when the batcher is shutting down or its worker stopped
     * @throws RejectedExecutionException when the queue is full
     */
    public CompletableFuture<Scored> submit(float[] image, ScoreSettings settings) {
        return submitAll(List.of(image), List.of(settings)).get(0);
    }

    /**
     * Queues the images of one request together: all or none (a queue without room for all of them refuses them
     * all), one after the other with no other request's image between them, so that they fill model batches together.
     *
     * @throws StoppedException          when the batcher is shutting down or its worker stopped
     * @throws RejectedExecutionException when the queue has no room for all of them
     */
    public List<CompletableFuture<Scored>> submitAll(List<float[]> images, List<ScoreSettings> settings) {
        if (images.size() != settings.size() || images.isEmpty()) {
            throw new IllegalArgumentException(images.size() + " images with " + settings.size() + " settings");
        }
        if (state.get() != State.RUNNING) {
            throw stopped();
        }
        List<Job> jobs = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            CompletableFuture<Scored> future = new CompletableFuture<>();
            // a future that is done (timed out, cancelled) abandons its image: the scorer stops denoising it
            jobs.add(new Job(new ScoreJob(images.get(i), settings.get(i), future::isDone), System.nanoTime(), future));
        }
        intake.lock();
        try {
            if (queue.remainingCapacity() < jobs.size()) {
                throw new RejectedExecutionException("the scoring queue is full (" + queue.size() + " waiting, "
                        + jobs.size() + " to add)");
            }
            for (Job job : jobs) {
                pending.incrementAndGet();
                job.future.whenComplete((result, error) -> {
                    if (pending.decrementAndGet() == 0) {
                        synchronized (idle) {
                            idle.notifyAll();
                        }
                    }
                });
                queue.add(job); // room was checked under the intake lock, and only the worker takes
            }
        } finally {
            intake.unlock();
        }
        // the worker fails what is queued when it stops; jobs that came in after that must not wait forever
        if (state.get() == State.TERMINATED && queue.removeAll(jobs)) {
            StoppedException e = stopped();
            jobs.forEach(job -> job.future.completeExceptionally(e));
            throw e;
        }
        return jobs.stream().map(Job::future).toList();
    }

    public int queued() {
        return queue.size();
    }

    /** Why the worker stopped although nobody closed the batcher, e.g. for readiness; empty while it runs. */
    public Optional<String> failure() {
        Throwable t = failure;
        return t == null ? Optional.empty() : Optional.of("the scoring worker stopped: " + t);
    }

    /** Refuses new jobs from now on ({@link StoppedException}); the accepted ones are still scored. */
    public void shutdown() {
        state.compareAndSet(State.RUNNING, State.DRAINING);
    }

    /** Waits until every accepted job is answered; false if some are still waiting after {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** Accepted jobs not answered yet (queued or in the batch being scored). */
    public int pending() {
        return pending.get();
    }

    /** Closes, waiting at most a minute for the worker to return from its model call. */
    @Override
    public void close() {
        close(DEFAULT_JOIN);
    }

    /**
     * Fails every job not answered yet with a {@link StoppedException} (the batch in the scorer is abandoned at its
     * next DDIM step), stops the worker and joins it. Returns false if the worker was still inside a model call
     * after {@code join}; the models themselves wait for that call before they close.
     */
    public boolean close(Duration join) {
        State before = state.getAndUpdate(s -> s == State.TERMINATED ? s : State.CLOSING);
        StoppedException stop = new StoppedException("the scorer is shutting down", true, null);
        for (Job job : current) {
            job.future.completeExceptionally(stop);
        }
        failQueued(stop);
        if (before != State.TERMINATED && Thread.currentThread() != worker) {
            try {
                worker.join(Math.max(1, join.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (worker.isAlive()) {
            LOG.warnf("the scoring worker is still in a model call after %d ms", join.toMillis());
            return false;
        }
        return true;
    }

    /** The worker thread, for tests. */
    Thread worker() {
        return worker;
    }

    private StoppedException stopped() {
        Throwable t = failure;
        return t == null
                ? new StoppedException("the scorer is shutting down", true, null)
                : new StoppedException(failure().orElseThrow(), false, t);
    }

    private void run() {
        Throwable fatal = null;
        try {
            List<Job> batch = new ArrayList<>(maxBatch);
            while (state.get() != State.CLOSING) {
                batch.clear();
                Job first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                intake.lock(); // let a request's images finish entering the queue: they ride together
                intake.unlock();
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    Job next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                batch.removeIf(job -> job.future.isDone()); // timed out or cancelled while waiting
                current = List.copyOf(batch);
                if (state.get() == State.CLOSING) { // close() may not have seen this batch: fail it here
                    StoppedException stop = new StoppedException("the scorer is shutting down", true, null);
                    batch.forEach(job -> job.future.completeExceptionally(stop));
                    break;
                }
                if (!batch.isEmpty()) {
                    score(batch);
                }
                current = List.of();
            }
        } catch (InterruptedException e) {
            fatal = e; // only this class stops its worker, and never by interrupting it
            Thread.currentThread().interrupt();
        } catch (Throwable t) { // anything outside a batch: the worker cannot go on
            fatal = t;
        } finally {
            current = List.of();
            if (fatal != null) {
                failure = fatal;
                LOG.errorf(fatal, "the scoring worker stopped; every request is refused from now on");
            }
            state.set(State.TERMINATED);
            failQueued(stopped());
        }
    }

    private void failQueued(StoppedException e) {
        Job job;
        while ((job = queue.poll()) != null) {
            job.future.completeExceptionally(e);
        }
    }

    private void score(List<Job> jobs) {
        long start = System.nanoTime();
        DdpScorer.Batch result;
        try {
            result = scorer.score(jobs.stream().map(Job::work).toList());
            if (result.results().size() != jobs.size()) {
                throw new IllegalStateException("the scorer returned " + result.results().size() + " results for "
                        + jobs.size() + " images");
            }
        } catch (Throwable t) { // Errors too: an OutOfMemoryError on a big batch must not kill the only worker
            failed(jobs, t);
            return;
        }
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            job.future.complete(new Scored(result.results().get(i), result.timings(), (start - job.enqueued) / 1e6));
        }
        try {
            listener.batchDone(result);
        } catch (Throwable t) {
            LOG.warnf(t, "the batch listener failed");
        }
    }

    private void failed(List<Job> jobs, Throwable t) {
        List<Job> waiting = jobs.stream().filter(job -> !job.future.isDone()).toList();
        if (waiting.isEmpty()) {
            return; // nobody waits for this batch any more (abandoned, or failed by close)
        }
        if (jobs.size() == 1 || state.get() == State.CLOSING) {
            LOG.errorf(t, "scoring failed for %d image(s)", waiting.size());
            waiting.forEach(job -> job.future.completeExceptionally(t));
            return;
        }
        // find the culprit: score each alone so that one bad image cannot fail its batch-mates
        LOG.warnf(t, "a batch of %d failed; scoring its images one by one", jobs.size());
        for (Job job : waiting) {
            score(List.of(job));
        }
    }
}
