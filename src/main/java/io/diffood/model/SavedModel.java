package io.diffood.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SymbolBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.tensorflow.engine.javacpp.LibUtils;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import org.bytedeco.javacpp.Loader;
import org.tensorflow.proto.ConfigProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A TensorFlow SavedModel loaded through DJL, with its signature's named inputs and outputs. Tensors are
 * always matched by name: DJL sorts a signature's tensors by name, so positions mean nothing.
 * <p>
 * Safe to close from any thread at any time: {@link #run} holds a read lock for the whole call (inputs, session
 * run, reading the outputs), {@link #close} takes the write lock, so it waits for the calls in flight and frees the
 * native session only when none is left; a call after that fails with {@link ModelClosedException}. Freeing a
 * TensorFlow session under a running step crashes the JVM, whoever the caller is (function, tools, tests).
 */
public final class SavedModel implements AutoCloseable {

    private final String role;
    private final Path dir;
    private final ZooModel<NDList, NDList> model;
    private final PairList<String, Shape> inputs;
    private final PairList<String, Shape> outputs;
    /** Read: a call in flight; write: closing. Not fair, but a waiting close still holds back new calls. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed; // written under the write lock

    private SavedModel(String role, Path dir, ZooModel<NDList, NDList> model) {
        this.role = role;
        this.dir = dir;
        this.model = model;
        this.inputs = model.getBlock().describeInput();
        this.outputs = ((SymbolBlock) model.getBlock()).describeOutput();
    }

    /**
     * Loads a SavedModel and hands it to {@code contract}, which checks it and wraps it; the model is closed if
     * that fails. {@code role} (denoiser, classifier) names the model in every error message.
     */
    public static <T> T load(String role, ModelLocation location, Device device,
            Function<SavedModel, T> contract) {
        SavedModel model = load(role, location, device);
        try {
            return contract.apply(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static volatile boolean engineStarted;

    /**
     * Loads TensorFlow's natives and starts DJL's engine: the biggest single cost of a cold start, so callers may do it
     * early, off the critical path. DJL's engine would first build its session configuration (protobuf classes, and a
     * CUDA probe through JNA that runs {@code ldconfig}) and only then load the 580 MB library; here the library loads
     * while a second thread does the configuration, and the engine then finds both done. Idempotent.
     *
     * @throws ModelLoadException when the natives cannot be loaded
     */
    public static synchronized void startEngine() {
        if (engineStarted) {
            return;
        }
        try {
            TensorFlowNatives.ensureLoaded();
            Thread javaSide = new Thread(JavacppUtils::getSessionConfig, "diffood-tf-config");
            javaSide.setDaemon(true);
            javaSide.start();
            LibUtils.loadLibrary(); // DJL's JavaCPP settings: the library's directory, no JavaCPP memory caps
            Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
            javaSide.join();
            Engine.getEngine("TensorFlow");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("interrupted while loading TensorFlow", e);
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("TensorFlow cannot be loaded: " + rootMessage(e), e);
        }
        engineStarted = true;
    }

    private static SavedModel load(String role, ModelLocation location, Device device) {
        Path dir = location.path();
        String signature = location.signature();
        String tags = location.tags();
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new ModelLoadException(role + " model not found: " + dir.toAbsolutePath()
                    + " has no saved_model.pb (set diffood." + role + ".path to a SavedModel directory)");
        }
        TensorFlowNatives.ensureLoaded();
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(dir)
                .optEngine("TensorFlow")
                .optDevice(device)
                .optOption("SignatureDefKey", signature)
                .optOption("Tags", tags)
                .optOption("ConfigProto", sessionConfig(location.graphOptimizer().runsOn(device)))
                .optTranslator(new NoopTranslator())
                .build();
        ZooModel<NDList, NDList> model;
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ModelLoadException(role + " model at " + dir.toAbsolutePath() + " cannot be loaded with signature '"
                    + signature + "' and tags '" + tags + "': " + rootMessage(e), e);
        }
        // DJL falls back to some other signature when the key is missing; serving the wrong one would be silent
        Set<String> signatures = ((TfSymbolBlock) model.getBlock()).getSavedModelBundle().getMetaGraphDef()
                .getSignatureDefMap().keySet();
        if (!signatures.contains(signature)) {
            model.close();
            throw new ModelLoadException(role + " model at " + dir.toAbsolutePath() + " has no signature '" + signature
                    + "' (it has " + signatures + "; set diffood." + role + ".signature)");
        }
        return new SavedModel(role, dir, model);
    }

    /** DJL's session configuration (threads, visible GPUs), with or without TensorFlow's graph optimizer; base64. */
    private static String sessionConfig(boolean graphOptimizer) {
        ConfigProto config = JavacppUtils.getSessionConfig();
        if (!graphOptimizer) {
            config = config.toBuilder().setGraphOptions(config.getGraphOptions().toBuilder().setRewriteOptions(
                    config.getGraphOptions().getRewriteOptions().toBuilder().setDisableMetaOptimizer(true))).build();
        }
        return Base64.getEncoder().encodeToString(config.toByteArray());
    }

    /** Shape of a named input; a missing name fails with the names the signature has. */
    public Shape inputShape(String name) {
        return find(inputs, name, "input");
    }

    public Shape outputShape(String name) {
        return find(outputs, name, "output");
    }

    /**
     * Runs the signature on named inputs created by {@code inputs} in a scratch manager, and hands the named
     * outputs to {@code read} before everything native is freed. The model cannot be closed until this returns.
     *
     * @throws ModelClosedException when the model was closed before the call
     */
    public <T> T run(Function<NDManager, NDList> inputs, Function<NDList, T> read) {
        Lock running = lock.readLock();
        running.lock();
        try {
            if (closed) {
                throw new ModelClosedException(role);
            }
            try (NDManager scratch = model.getNDManager().newSubManager();
                    Predictor<NDList, NDList> predictor = model.newPredictor()) {
                NDList out = predictor.predict(inputs.apply(scratch));
                out.attach(scratch);
                return read.apply(out);
            } catch (TranslateException e) {
                throw new IllegalStateException(role + " model call failed: " + rootMessage(e), e);
            }
        } finally {
            running.unlock();
        }
    }

    /** Copies a named output to a float array. */
    public static float[] floats(NDList outputs, String name) {
        NDArray a = outputs.get(name);
        return a.toFloatArray();
    }

    public ModelLoadException contractViolation(String problem) {
        return new ModelLoadException(role + " model at " + dir.toAbsolutePath() + " does not match the model contract: "
                + problem + " (inputs " + inputs + ", outputs " + outputs + ")");
    }

    /**
     * NDArrays still open under this model's manager: DJL's own accounting, for leak checks and metrics; 0 once
     * closed (a metrics scrape may come after the shutdown).
     */
    public int openArrays() {
        Lock reading = lock.readLock();
        if (!reading.tryLock()) { // never blocks a metrics scrape: only a close holds the write lock
            return 0;
        }
        try {
            return closed ? 0 : model.getNDManager().getManagedArrays().size();
        } finally {
            reading.unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public String role() {
        return role;
    }

    public Path dir() {
        return dir;
    }

    /** True while some thread waits for the model (a close behind a call in flight): for tests. */
    boolean closeIsWaiting() {
        return lock.hasQueuedThreads();
    }

    /** Waits for the calls in flight, then frees the model; later calls fail with {@link ModelClosedException}. */
    @Override
    public void close() {
        Lock closing = lock.writeLock();
        closing.lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            closing.unlock();
        }
    }

    private Shape find(PairList<String, Shape> tensors, String name, String kind) {
        Shape shape = tensors.get(name);
        if (shape == null) {
            throw contractViolation("the signature has no " + kind + " named '" + name + "'");
        }
        return shape;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
