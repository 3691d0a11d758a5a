package io.diffood.tools.train;

import io.diffood.tools.Progress;
import io.diffood.tools.data.DataException;
import me.tongfei.progressbar.ProgressBar;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * Trains a {@link TrainingTask} with raw optimiser updates ({@code tf.gradients} + {@code ApplyAdam} or
 * {@code ApplyMomentum} per variable, since TF Java's framework optimisers are not on Maven Central) and an
 * exponential moving average of the weights; checkpoints to a directory and resumes from it; exports the averaged
 * weights (and batch norm's moving statistics) as a SavedModel built from the task's inference-only graph. A run
 * may start from the weights of a SavedModel the same task exported (a warm restart) instead of random ones.
 */
final class Trainer implements AutoCloseable {

    private static final String STATE_FILE = "state.properties";
    /** Steps before the smoothed loss (an average over about 50) is compared with its lowest value. */
    private static final int SMOOTHING_STEPS = 50;
    /**
     * A rise of the smoothed loss beyond this multiple of its lowest value is a blow-up, not noise: a CIFAR-10 ResNet
     * at SGD 0.1 with Cutout went from 1.13 to 17,395 within 200 steps. The wide margin leaves room for the rise that a
     * warm restart's growing learning rate brings.
     */
    static final double DIVERGENCE_FACTOR = 10;

    private final TrainingTask task;
    private final Hyperparameters hp;
    private final Path checkpointDir;
    private final Path initialWeights;
    private final Graph graph = new Graph();
    private final Session session;
    private final Layers layers;
    private final Operand<TFloat32> loss;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Placeholder<TFloat32> emaDecay;
    private final List<Variable<TFloat32>> averages = new ArrayList<>();
    private final Op trainOp;
    private long step;
    private double trainedSeconds;

    Trainer(TrainingTask task, Hyperparameters hp, Path checkpointDir) throws IOException {
        this(task, hp, checkpointDir, null);
    }

    /** @param initialWeights a SavedModel exported from this task's network, or null for random weights */
    Trainer(TrainingTask task, Hyperparameters hp, Path checkpointDir, Path initialWeights) throws IOException {
        this.task = task;
        this.hp = hp;
        this.checkpointDir = checkpointDir;
        this.initialWeights = initialWeights;
        Ops tf = Ops.create(graph);
        Ops init = tf.withInitScope();
        layers = new Layers(tf, hp.seed(), true);
        loss = task.buildLoss(layers);
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class);
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class);
        emaDecay = tf.withName("ema_decay").placeholder(TFloat32.class);

        List<Variable<TFloat32>> weights = layers.variables();
        Gradients gradients = tf.gradients(objective(tf), weights);
        List<Op> updates = new ArrayList<>(layers.stateUpdates());
        for (int i = 0; i < weights.size(); i++) {
            Variable<TFloat32> w = weights.get(i);
            String name = w.op().name();
            Variable<TFloat32> m = init.withName(name + "_adam_m").variable(init.zerosLike(w));
            if (hp.optimizer() == Hyperparameters.Optimizer.sgd) {
                updates.add(tf.train.applyMomentum(w, m, learningRate, gradients.<TFloat32>dy(i),
                        tf.constant((float) Hyperparameters.MOMENTUM), ApplyMomentum.useNesterov(true)));
                continue;
            }
            Variable<TFloat32> v = init.withName(name + "_adam_v").variable(init.zerosLike(w));
            updates.add(tf.train.applyAdam(w, m, v, beta1Power, beta2Power, learningRate, tf.constant(0.9f),
                    tf.constant(0.999f), tf.constant(1e-8f), gradients.<TFloat32>dy(i)));
        }
        // the averages read the weights after this step's Adam update
        Ops afterUpdate = tf.withControlDependencies(updates);
        List<Op> averaging = new ArrayList<>();
        for (Variable<TFloat32> w : weights) {
            Variable<TFloat32> ema = init.withName(w.op().name() + "_ema").variable(init.zerosLike(w));
            averages.add(ema);
            averaging.add(afterUpdate.assign(ema, afterUpdate.math.add(afterUpdate.math.mul(ema, emaDecay),
                    afterUpdate.math.mul(w, afterUpdate.math.sub(afterUpdate.constant(1f), emaDecay)))));
        }
        trainOp = tf.withName("train").withControlDependencies(averaging).noOp();
        session = new Session(graph);
        session.initialize();
        try {
            if (!restore() && initialWeights != null) {
                initialise(initialWeights);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The task's loss plus L2 weight decay, (decay / 2) * sum of squared kernels. */
    private Operand<TFloat32> objective(Ops tf) {
        if (hp.weightDecay() == 0 || layers.decayed().isEmpty()) {
            return loss;
        }
        Operand<TFloat32> sum = null;
        for (Variable<TFloat32> w : layers.decayed()) {
            Operand<TFloat32> squares = tf.nn.l2Loss(w);
            sum = sum == null ? squares : tf.math.add(sum, squares);
        }
        return tf.math.add(loss, tf.math.mul(sum, tf.constant((float) hp.weightDecay())));
    }

    long parameters() {
        return layers.parameters();
    }

    double flopsPerImage() {
        return layers.flopsPerImage();
    }

    long step() {
        return step;
    }

    /** Seconds spent in training steps, summed over resumed runs. */
    double trainedSeconds() {
        return trainedSeconds;
    }

    /** The loss of the current weights on the batch of {@code step}, without training. */
    double loss(long batchStep) {
        Map<Operand<?>, Tensor> batch = task.batch(batchStep);
        try {
            Session.Runner runner = session.runner();
            batch.forEach(runner::feed);
            try (Result result = runner.fetch(loss).run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        } finally {
            batch.values().forEach(Tensor::close);
        }
    }

    /**
     * Runs the remaining steps; checkpoints every {@code checkpointSeconds} and at the end.
     *
     * @return the smoothed loss at the end (NaN if no step was left)
     */
    double train(double checkpointSeconds) throws IOException {
        double smoothedLoss = Double.NaN;
        double lowestLoss = Double.POSITIVE_INFINITY;
        long stepsThisRun = 0;
        try (ProgressBar bar = Progress.bar(task.name(), "steps", step, hp.steps())) {
            long lastCheckpoint = System.nanoTime();
            long runStart = System.nanoTime();
            double secondsBefore = trainedSeconds;
            while (step < hp.steps()) {
                Map<Operand<?>, Tensor> batch = task.batch(step);
                double value;
                try (TFloat32 lr = TFloat32.scalarOf((float) hp.learningRate(step));
                        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(0.9, step + 1));
                        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(0.999, step + 1));
                        TFloat32 decay = TFloat32.scalarOf((float) hp.emaDecay(step))) {
                    Session.Runner runner = session.runner().feed(learningRate, lr).feed(beta1Power, b1)
                            .feed(beta2Power, b2).feed(emaDecay, decay);
                    batch.forEach(runner::feed);
                    try (Result result = runner.addTarget(trainOp).fetch(loss).run()) {
                        value = ((TFloat32) result.get(0)).getFloat();
                    }
                } finally {
                    batch.values().forEach(Tensor::close);
                }
                if (!Double.isFinite(value)) {
                    throw new IllegalStateException(task.name() + ": loss " + value + " at step " + step);
                }
                step++;
                trainedSeconds = secondsBefore + (System.nanoTime() - runStart) / 1e9;
                smoothedLoss = Double.isNaN(smoothedLoss) ? value : 0.98 * smoothedLoss + 0.02 * value;
                if (++stepsThisRun >= SMOOTHING_STEPS) {
                    lowestLoss = Math.min(lowestLoss, smoothedLoss);
                    if (diverged(smoothedLoss, lowestLoss)) {
                        // thrown before the next checkpoint, so that the last one is from before the blow-up
                        throw new IllegalStateException(String.format("%s: the loss diverged at step %d (smoothed %.4g,"
                                + " lowest %.4g); start again at a lower learning rate (the checkpoint in %s, from"
                                + " before, resumes only with the same settings)",
                                task.name(), step, smoothedLoss, lowestLoss, checkpointDir));
                    }
                }
                bar.stepTo(step);
                bar.setExtraMessage(String.format(" loss %.4f", smoothedLoss));
                if ((System.nanoTime() - lastCheckpoint) / 1e9 >= checkpointSeconds && step < hp.steps()) {
                    checkpoint();
                    lastCheckpoint = System.nanoTime();
                }
            }
        }
        checkpoint();
        return smoothedLoss;
    }

    /** Whether the smoothed loss has left its lowest value so far by more than {@link #DIVERGENCE_FACTOR}. */
    static boolean diverged(double smoothedLoss, double lowestLoss) {
        return smoothedLoss > DIVERGENCE_FACTOR * lowestLoss;
    }

    /** Exports the averaged weights in the task's inference graph as a SavedModel (tag serve). */
    void export(Path dir) throws IOException {
        deleteRecursively(dir);
        Files.createDirectories(dir.getParent());
        try (Graph inference = new Graph()) {
            Ops tf = Ops.create(inference);
            Layers target = new Layers(tf, hp.seed(), false);
            Signature signature = task.buildServing(target);
            List<Variable<TFloat32>> variables = inferenceVariables(target);
            List<Variable<TFloat32>> trained = new ArrayList<>(averages);
            trained.addAll(layers.state());
            if (variables.size() != trained.size()) {
                throw new IllegalStateException("inference graph has " + variables.size()
                        + " variables, training graph " + trained.size());
            }
            // the averages arrive through placeholders and assign ops under load_weights/, which stay
            // in the exported graph but outside the serving signature
            Ops load = tf.withSubScope("load_weights");
            List<Placeholder<TFloat32>> values = new ArrayList<>();
            List<Op> assigns = new ArrayList<>();
            for (Variable<TFloat32> v : variables) {
                Placeholder<TFloat32> value = load.placeholder(TFloat32.class);
                values.add(value);
                assigns.add(load.assign(v, value));
            }
            Session.Runner fetch = session.runner();
            trained.forEach(fetch::fetch);
            try (Session exportSession = new Session(inference); Result weights = fetch.run()) {
                exportSession.initialize();
                Session.Runner copy = exportSession.runner();
                for (int i = 0; i < values.size(); i++) {
                    copy.feed(values.get(i), weights.get(i));
                }
                assigns.forEach(copy::addTarget);
                copy.run();
                SavedModelBundle.exporter(dir.toString())
                        .withFunction(SessionFunction.create(signature, exportSession))
                        .export();
            }
        }
    }

    private void checkpoint() throws IOException {
        Files.createDirectories(checkpointDir);
        String prefix = "ckpt-" + step;
        session.save(checkpointDir.resolve(prefix).toString());
        Properties state = new Properties();
        state.setProperty("step", Long.toString(step));
        state.setProperty("trainedSeconds", Double.toString(trainedSeconds));
        state.setProperty("prefix", prefix);
        state.setProperty("configuration", configuration());
        Path tmp = checkpointDir.resolve(STATE_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            state.store(w, task.name() + " training state; variables in " + prefix + ".*");
        }
        Files.move(tmp, checkpointDir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> files = Files.list(checkpointDir)) {
            for (Path old : (Iterable<Path>) files::iterator) {
                String name = old.getFileName().toString();
                if (name.startsWith("ckpt-") && !name.startsWith(prefix + ".")) {
                    Files.delete(old);
                }
            }
        }
    }

    /** @return whether a checkpoint of this configuration was restored */
    private boolean restore() throws IOException {
        Path stateFile = checkpointDir.resolve(STATE_FILE);
        if (!Files.exists(stateFile)) {
            return false;
        }
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(stateFile)) {
            state.load(r);
        }
        if (!configuration().equals(state.getProperty("configuration"))) {
            System.err.printf("%s: ignoring the checkpoint in %s, it was made with other settings%n", task.name(),
                    checkpointDir);
            return false;
        }
        session.restore(checkpointDir.resolve(state.getProperty("prefix")).toString());
        step = Long.parseLong(state.getProperty("step"));
        trainedSeconds = Double.parseDouble(state.getProperty("trainedSeconds"));
        System.err.printf("%s: resumed from %s at step %d%n", task.name(), checkpointDir, step);
        return true;
    }

    /**
     * Copies the weights and moving statistics of an exported SavedModel into the training graph: its variables are
     * named as in the inference graph, which lists them in the training graph's order. The optimiser's momentum starts
     * at zero.
     */
    private void initialise(Path savedModel) {
        List<String> names;
        try (Graph inference = new Graph()) {
            Layers target = new Layers(Ops.create(inference), hp.seed(), false);
            task.buildServing(target);
            names = inferenceVariables(target).stream().map(v -> v.op().name()).toList();
        }
        List<Variable<TFloat32>> weights = layers.variables();
        List<Variable<TFloat32>> targets = new ArrayList<>(weights);
        targets.addAll(layers.state());
        try (SavedModelBundle source = SavedModelBundle.load(savedModel.toString(), SavedModelBundle.DEFAULT_TAG)) {
            // a network with more parts (attention, say) may hold every variable of this one under the same name
            long held = variableCount(source.graph());
            if (held != names.size()) {
                throw new DataException(savedModel + " does not hold this " + task.name() + "'s weights: it has "
                        + held + " variables, this network " + names.size() + " (" + task.architecture() + ")");
            }
            Session.Runner fetch = source.session().runner();
            for (String name : names) {
                if (source.graph().operation(name) == null) {
                    throw new DataException(savedModel + " does not hold this " + task.name() + "'s weights: it has"
                            + " no variable " + name + " (" + task.architecture() + ")");
                }
                fetch.fetch(name);
            }
            try (Result values = fetch.run()) {
                Ops tf = Ops.create(graph).withSubScope("initial_weights");
                Session.Runner copy = session.runner();
                for (int i = 0; i < targets.size(); i++) {
                    Variable<TFloat32> target = targets.get(i);
                    Tensor value = values.get(i);
                    if (!value.shape().equals(target.shape())) {
                        throw new DataException(savedModel + " does not hold this " + task.name() + "'s weights: "
                                + names.get(i) + " is " + value.shape() + " there, " + target.shape() + " here ("
                                + task.architecture() + ")");
                    }
                    Placeholder<TFloat32> placeholder = tf.placeholder(TFloat32.class);
                    copy.feed(placeholder, value).addTarget(tf.assign(target, placeholder));
                    if (i < weights.size()) { // the exported weights are the averages
                        copy.addTarget(tf.assign(averages.get(i), placeholder));
                    }
                }
                copy.run();
            }
        }
        System.err.printf("%s: starts from the weights of %s%n", task.name(), savedModel);
    }

    private static long variableCount(Graph graph) {
        long count = 0;
        for (Iterator<GraphOperation> ops = graph.operations(); ops.hasNext(); ) {
            String type = ops.next().type();
            if (type.equals("VariableV2") || type.equals("VarHandleOp")) {
                count++;
            }
        }
        return count;
    }

    /**
     * The inference graph's variables in the order that pairs them with the training graph's: the weights (their
     * averages, there), then batch norm's moving statistics.
     */
    private static List<Variable<TFloat32>> inferenceVariables(Layers target) {
        List<Variable<TFloat32>> variables = new ArrayList<>(target.variables());
        variables.addAll(target.state());
        return variables;
    }

    /** The exported model this run started from (a warm restart), or null for random weights. */
    Path initialWeights() {
        return initialWeights;
    }

    /** Settings that a checkpoint must share to be resumed. */
    private String configuration() {
        return task.configuration() + " " + hp + (initialWeights == null ? "" : " from " + initialWeights);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
