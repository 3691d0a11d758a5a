package io.diffood.function;

import io.diffood.config.CoreSettings;
import io.diffood.config.DiffoodConfig;
import io.diffood.config.StandaloneConfig;
import io.diffood.detect.BundleLoading;
import io.diffood.detect.ModelHashes;
import io.diffood.detect.OodBundle;
import io.diffood.image.ImageDecoder;
import io.diffood.model.ModelSet;
import io.diffood.model.ModelSetFolder;
import io.diffood.model.ModelSetSpec;
import io.diffood.model.SavedModel;
import io.diffood.score.DdpSetup;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The costly part of the start-up, begun at the very start of the process ({@link DiffoodMain}) on background threads
 * while Quarkus boots on the main thread: TensorFlow's natives and DJL's engine (the largest single cost), the two
 * models (in parallel), one warm-up pass; beside them the OOD bundle (its files verified against their checksums and
 * the model files), the JSON parser and the image decoder (ImageIO's plugin registry). At the start-up
 * event {@link ModelLifecycle} takes the models through {@link #models} and the bundle through {@link #bundle}: each
 * is used only if it was read for exactly the settings Quarkus' configuration gives, else it is read again.
 * <p>
 * {@code diffood.startup.early=false} turns it off: the models then load from the start-up event on, after Quarkus'
 * boot ({@link ModelLifecycle}).
 */
public final class EarlyStart {

    private record Prepared(ModelSetSpec spec, ModelSet models) {
    }

    /** A bundle read early, or why it could not be: the same BundleException it would give when read later. */
    private record ReadBundle(Path dir, ModelSetSpec spec, OodBundle bundle, RuntimeException failure) {
    }

    private static volatile CompletableFuture<Prepared> prepared;
    private static volatile CompletableFuture<ReadBundle> earlyBundle;
    private static final Map<String, Long> marks = new LinkedHashMap<>();
    private static volatile long launchNanos;

    private EarlyStart() {
    }

    /** Starts the background work; called first thing in {@code main}. */
    static void begin() {
        launchNanos = launch();
        mark("main");
        String early = System.getProperty("diffood.startup.early", System.getenv("DIFFOOD_STARTUP_EARLY"));
        if ("false".equalsIgnoreCase(early)) {
            return; // not even TensorFlow (a config file's diffood.startup.early=false only keeps the models late)
        }
        CompletableFuture<DiffoodConfig> config = new CompletableFuture<>();
        CompletableFuture<Prepared> future = new CompletableFuture<>();
        CompletableFuture<ReadBundle> bundle = new CompletableFuture<>();
        prepared = future;
        earlyBundle = bundle;
        // TensorFlow first: it needs no configuration, and it is the longest
        daemon("diffood-early-start", () -> {
            try {
                future.complete(prepare(config));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        // meanwhile: the settings (the models' paths), the bundle, then the image decoder
        daemon("diffood-early-config", () -> {
            try {
                DiffoodConfig settings = StandaloneConfig.read();
                config.complete(settings);
                mark("settings");
                bundle.complete(readBundle(settings));
                warmJson(settings);
            } catch (Throwable t) {
                config.completeExceptionally(t);
                bundle.completeExceptionally(t);
            }
            warmDecoder();
        });
    }

    /** Whether this process started through {@link DiffoodMain} (the packaged function), not a test or a tool. */
    static boolean begun() {
        return launchNanos != 0;
    }

    /**
     * The models for {@code spec}: those loaded early if they were loaded for exactly this spec (waiting for them if
     * need be), else loaded now. Hands them out once.
     */
    static ModelSet models(ModelSetSpec spec) {
        CompletableFuture<Prepared> early = prepared;
        prepared = null;
        mark("models wanted");
        Prepared ready = null;
        if (early != null) {
            try {
                ready = early.join(); // null when diffood.startup.early=false
                mark("models taken");
            } catch (CompletionException e) {
                // loaded again below, for the error message readiness reports
                log().debugf(e.getCause(), "early start failed");
            }
        }
        if (ready != null) {
            if (ready.spec().equals(spec)) {
                return ready.models();
            }
            log().infof("the early start loaded models for other settings (%s); loading them again", ready.spec());
            ready.models().close();
        }
        ModelSet models = ModelSet.load(spec);
        mark("models loaded");
        return models;
    }

    /**
     * The bundle at {@code dir} for the models of {@code spec}, verified (not yet checked against the loaded models:
     * {@link BundleLoading#requireFits}): the one read early if it was read for exactly these, else read now.
     */
    static OodBundle bundle(Path dir, ModelSetSpec spec) {
        CompletableFuture<ReadBundle> early = earlyBundle;
        earlyBundle = null;
        if (early != null) {
            try {
                ReadBundle read = early.join();
                if (read != null && read.dir().equals(dir) && read.spec().equals(spec)) {
                    if (read.failure() != null) {
                        throw read.failure();
                    }
                    return read.bundle();
                }
            } catch (CompletionException e) {
                log().debugf(e.getCause(), "early bundle reading failed"); // read again below, for the message
            }
        }
        OodBundle bundle = BundleLoading.read(dir, spec);
        mark("bundle read");
        return bundle;
    }

    /** One line on where the start-up went, once the function is ready. */
    static String timeline() {
        StringBuilder line = new StringBuilder("start-up, ms after the JVM launch:");
        synchronized (marks) {
            marks.forEach((name, at) -> line.append(' ').append(name).append(' ').append((at - launchNanos) / 1_000_000)
                    .append(','));
        }
        line.setLength(line.length() - 1);
        return line.toString();
    }

    static void mark(String name) {
        long now = System.nanoTime();
        synchronized (marks) {
            marks.putIfAbsent(name, now);
        }
    }

    private static Prepared prepare(CompletableFuture<DiffoodConfig> settings) {
        SavedModel.startEngine();
        mark("TF natives");
        DiffoodConfig config = settings.join();
        if (!config.startup().early()) {
            return null;
        }
        ModelSetSpec spec = CoreSettings.models(config);
        ModelSet models = ModelSet.load(spec); // both in parallel, each run once
        mark("models early");
        try {
            DdpSetup ddp = DdpSetup.of(CoreSettings.schedule(config), CoreSettings.ddp(config), models.nullClass());
            ddp.scorer(models).warmUp(); // the Java side of a request: sampler, reductions
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
        mark("warm-up early");
        return new Prepared(spec, models);
    }

    private static ReadBundle readBundle(DiffoodConfig config) {
        if (!config.startup().early()) {
            return null;
        }
        ModelSetFolder folder = CoreSettings.modelSet(config);
        Path dir = folder.bundle();
        if (!Files.isDirectory(dir)) {
            return null;
        }
        ModelSetSpec spec = CoreSettings.models(config);
        try {
            OodBundle bundle = BundleLoading.read(dir, spec);
            mark("bundle read");
            return new ReadBundle(dir, spec, bundle, null);
        } catch (RuntimeException e) {
            return new ReadBundle(dir, spec, null, e);
        }
    }

    /**
     * The classifier's model card parsed and dropped: the process's first JSON parse initializes Jackson's parser
     * classes and, through them, BigDecimal (whose static table of powers of five takes 15 ms on JDK 25), 50 ms on the
     * start's critical path otherwise, between the models and "ready". The start-up event reads the card again for its
     * class names (a few kilobytes, then warm): handing this result over would need the settings check the bundle has.
     */
    private static void warmJson(DiffoodConfig config) {
        try {
            ClassNames.fromModelCard(CoreSettings.modelSet(config).classifier().resolve(ModelHashes.MODEL_CARD));
            mark("JSON parser");
        } catch (RuntimeException e) {
            log().debugf(e, "model card warm-up failed"); // the start-up event's own reading reports it
        }
    }

    /** ImageIO's plugin registry and the PNG reader's classes: a tenth of a second on the first request otherwise. */
    private static void warmDecoder() {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY), "png", png);
            new ImageDecoder(4).decode(png.toByteArray());
            mark("image decoder");
        } catch (IOException | RuntimeException e) {
            log().debugf(e, "image decoder warm-up failed");
        }
    }

    /**
     * Not a static field: the first logger initializes JBoss LogManager (a tenth of a second on a cold JVM), which
     * {@link #begin} must not wait for before it starts TensorFlow.
     */
    private static Logger log() {
        return Logger.getLogger(EarlyStart.class);
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * System.nanoTime() of the process launch, to 10 ms: its age from /proc (start time and uptime in the same clock;
     * ProcessHandle's start instant can be a second off, since it adds the boot time in whole seconds).
     */
    private static long launch() {
        long now = System.nanoTime();
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startSeconds = Long.parseLong(fields[19]) / 100.0; // starttime, in USER_HZ (100) ticks after boot
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return now - (long) ((uptime - startSeconds) * 1e9);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().startInstant()
                    .map(start -> now - (Instant.now().toEpochMilli() - start.toEpochMilli()) * 1_000_000)
                    .orElse(now);
        }
    }
}
