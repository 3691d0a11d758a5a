package io.diffood.tools.train;

import io.diffood.tools.data.DataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * One classifier SavedModel made of several that {@code train} exported: the members' own inference graphs (with
 * their test-time augmentation) side by side on one input x, the logits averaged (a snapshot ensemble) and the
 * features concatenated, so that every feature detector sees each member's features, not a mean of unrelated spaces.
 * The logits stay a linear function of the concatenated features (the members' dense layers, halved), which ViM
 * relies on.
 */
final class ClassifierEnsemble {

    /** `train` builds reference variables, whose values a session run fetches directly. */
    private static final String VARIABLE_OP = "VariableV2";

    private ClassifierEnsemble() {
    }

    /**
     * The members' graphs under {@code member0/}, {@code member1/}, ... with their weights, exported to {@code dir}.
     *
     * @return the ensemble's feature size, the members' summed
     */
    static int export(List<Path> members, Path dir) throws IOException {
        GraphDef.Builder merged = GraphDef.newBuilder();
        List<String> logits = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        List<Result> values = new ArrayList<>();
        List<SavedModelBundle> loaded = new ArrayList<>();
        int featureDim = 0;
        Shape inputShape = null;
        try {
            for (int i = 0; i < members.size(); i++) {
                SavedModelBundle member = SavedModelBundle.load(members.get(i).toString(), SavedModelBundle.DEFAULT_TAG);
                loaded.add(member);
                Signature signature = member.function(Signature.DEFAULT_KEY).signature();
                String input = nodeName(tensor(signature.getInputs(), "x", members.get(i)));
                Shape shape = signature.getInputs().get("x").shape;
                if (i == 0) {
                    inputShape = shape;
                } else if (!Arrays.equals(shape.asArray(), inputShape.asArray())) { // Shape.equals fails on -1
                    throw new DataException(members.get(i) + " takes images of " + shape + ", " + members.get(0)
                            + " of " + inputShape + ": the members of an ensemble share their input");
                }
                String prefix = "member" + i + "/";
                GraphDef def = member.graph().toGraphDef();
                if (def.getLibrary().getFunctionCount() > 0) {
                    throw new DataException(members.get(i) + " has graph functions: not a classifier that `train` exported");
                }
                if (i == 0) {
                    merged.setVersions(def.getVersions());
                    merged.addNode(def.getNodeList().stream().filter(n -> n.getName().equals(input)).findFirst()
                            .orElseThrow().toBuilder().setName("x"));
                }
                List<String> held = new ArrayList<>();
                for (NodeDef node : def.getNodeList()) {
                    // the input becomes the ensemble's x; the member's own save and weight-loading ops are not needed
                    if (node.getName().equals(input) || node.getName().startsWith("save/")
                            || node.getName().startsWith("load_weights/")) {
                        continue;
                    }
                    if (node.getOp().equals("VarHandleOp")) {
                        throw new DataException(members.get(i) + " holds resource variables: not a classifier that"
                                + " `train` exported");
                    }
                    merged.addNode(renamed(node, prefix, input));
                    if (node.getOp().equals(VARIABLE_OP)) {
                        held.add(node.getName());
                    }
                }
                Session.Runner fetch = member.session().runner();
                held.forEach(fetch::fetch);
                values.add(fetch.run());
                held.forEach(name -> variables.add(prefix + name));
                logits.add(prefix + tensor(signature.getOutputs(), "logits", members.get(i)));
                features.add(prefix + tensor(signature.getOutputs(), "features", members.get(i)));
                featureDim += (int) signature.getOutputs().get("features").shape.get(1);
            }
            exportMerged(merged.build(), logits, features, variables, values, dir);
            return featureDim;
        } finally {
            values.forEach(Result::close);
            loaded.forEach(SavedModelBundle::close);
        }
    }

    /**
     * Imports the merged members, adds the ensemble's outputs, copies each member's weights into its variables
     * ({@code variables} names them in the order of the members' fetched {@code values}) and exports the SavedModel.
     */
    private static void exportMerged(GraphDef merged, List<String> logits, List<String> features,
            List<String> variables, List<Result> values, Path dir) throws IOException {
        try (Graph graph = new Graph()) {
            graph.importGraphDef(merged);
            Ops tf = Ops.create(graph);
            Operand<TFloat32> x = output(graph, "x:0");
            Operand<TFloat32> sum = output(graph, logits.get(0));
            for (String l : logits.subList(1, logits.size())) {
                sum = tf.math.add(sum, output(graph, l));
            }
            Operand<TFloat32> meanLogits = tf.withName("logits").math.div(sum, tf.constant((float) logits.size()));
            Operand<TFloat32> allFeatures = tf.withName("features").concat(
                    features.stream().map(f -> ClassifierEnsemble.<TFloat32>output(graph, f)).toList(),
                    tf.constant(1));
            Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input("x", x)
                    .output("logits", meanLogits).output("features", allFeatures).build();
            Files.createDirectories(dir.getParent() == null ? Path.of(".") : dir.getParent());
            Trainer.deleteRecursively(dir);
            try (Session session = new Session(graph)) {
                Ops load = tf.withSubScope("load_weights");
                Session.Runner copy = session.runner();
                int v = 0;
                for (Result memberValues : values) {
                    for (int j = 0; j < memberValues.size(); j++, v++) {
                        Placeholder<TFloat32> value = load.placeholder(TFloat32.class);
                        copy.feed(value, memberValues.get(j))
                                .addTarget(load.assign(output(graph, variables.get(v) + ":0"), value));
                    }
                }
                copy.run();
                SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session))
                        .export();
            }
        }
    }

    /** The node's copy under {@code prefix}, reading the ensemble's x where it read the member's input. */
    private static NodeDef renamed(NodeDef node, String prefix, String input) {
        NodeDef.Builder copy = node.toBuilder().setName(prefix + node.getName()).clearInput();
        for (String in : node.getInputList()) {
            boolean control = in.startsWith("^");
            String name = control ? in.substring(1) : in;
            String source = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            copy.addInput((control ? "^" : "") + (source.equals(input) ? name.replaceFirst("^[^:]+", "x")
                    : prefix + name));
        }
        AttrValue colocation = node.getAttrOrDefault("_class", null);
        if (colocation != null) { // "loc:@<node>" names the node its op stays beside
            AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
            colocation.getList().getSList().forEach(s -> list.addS(ByteString.copyFromUtf8(
                    s.toStringUtf8().replace("loc:@", "loc:@" + prefix))));
            copy.putAttr("_class", AttrValue.newBuilder().setList(list).build());
        }
        return copy.build();
    }

    private static String tensor(Map<String, Signature.TensorDescription> tensors, String key, Path member) {
        Signature.TensorDescription description = tensors.get(key);
        if (description == null) {
            throw new DataException(member + " has no '" + key + "' in its serving signature: not a classifier that"
                    + " `train` exported");
        }
        return description.name;
    }

    private static String nodeName(String tensor) {
        return tensor.contains(":") ? tensor.substring(0, tensor.indexOf(':')) : tensor;
    }

    @SuppressWarnings("unchecked")
    private static <T extends TType> Operand<T> output(Graph graph, String tensor) {
        String name = nodeName(tensor);
        int index = tensor.contains(":") ? Integer.parseInt(tensor.substring(tensor.indexOf(':') + 1)) : 0;
        if (graph.operation(name) == null) {
            throw new IllegalStateException("no operation " + name + " in the ensemble's graph");
        }
        return (Operand<T>) graph.operation(name).output(index);
    }
}
