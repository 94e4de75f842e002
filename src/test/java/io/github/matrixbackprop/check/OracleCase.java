package io.github.matrixbackprop.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.Elu;
import io.github.matrixbackprop.activation.LeakyRelu;
import io.github.matrixbackprop.loss.BinaryCrossEntropy;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.loss.SoftmaxCrossEntropy;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.Optimizers;
import org.ejml.data.DMatrixRMaj;

/** Reads the fields shared by every reference case (see the oracle README). */
final class OracleCase {

    private OracleCase() {
    }

    static Network network(JsonNode layers) {
        List<Layer> out = new ArrayList<>();
        for (JsonNode layer : layers) {
            out.add(new Layer(matrix(required(layer, "weights")), column(required(layer, "bias")),
                    activation(layer)));
        }
        return new Network(out);
    }

    /** Parameters only ({@code final_layers} carry no activation): the activations of {@code like}. */
    static Network network(JsonNode layers, Network like) {
        List<Layer> out = new ArrayList<>();
        int l = 1;
        for (JsonNode layer : layers) {
            out.add(new Layer(matrix(required(layer, "weights")), column(required(layer, "bias")),
                    like.layer(l++).activation()));
        }
        return new Network(out);
    }

    /** The optimizer of a case: its name plus hyperparameters with torch.optim's names. */
    static OptimizerSpec optimizer(JsonNode node) {
        String name = required(node, "name").asText();
        try {
            return Optimizers.byName(name, hyperparameters(node));
        } catch (IllegalArgumentException e) {
            throw new AssertionError("reference case optimizer: " + e.getMessage(), e);
        }
    }

    /** The L-BFGS configuration of a case ({@code name} is {@code lbfgs}). */
    static LbfgsSpec lbfgs(JsonNode node) {
        try {
            return Optimizers.lbfgs(hyperparameters(node));
        } catch (IllegalArgumentException e) {
            throw new AssertionError("reference case optimizer: " + e.getMessage(), e);
        }
    }

    /** Every field but {@code name}: booleans, text and null as they are, anything else as a number. */
    private static Map<String, Object> hyperparameters(JsonNode node) {
        Map<String, Object> hyper = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getKey().equals("name")) {
                JsonNode v = e.getValue();
                hyper.put(e.getKey(), v.isNull() ? null : v.isBoolean() ? (Object) v.asBoolean()
                        : v.isTextual() ? (Object) v.asText() : (Object) v.asDouble());
            }
        }
        return hyper;
    }

    /** The activation of a layer: its name, with optional parameters (defaults as in the README). */
    static Activation activation(JsonNode layer) {
        String name = required(layer, "activation").asText();
        return switch (name) {
            case "leaky_relu" -> new LeakyRelu(layer.path("negative_slope").asDouble(
                    layer.path("slope").asDouble(LeakyRelu.DEFAULT_SLOPE)));
            case "elu" -> new Elu(layer.path("alpha").asDouble(1.0));
            default -> {
                try {
                    yield Activations.byName(name);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError("unknown activation '" + name + "' in the reference case", e);
                }
            }
        };
    }

    /** The loss of a case: its name, configured by the optional {@code loss_options} (PyTorch's option names). */
    static Loss loss(JsonNode root) {
        String name = required(root, "loss").asText();
        Loss loss;
        try {
            loss = Losses.byName(name);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("unknown loss '" + name + "' in the reference case", e);
        }
        JsonNode options = root.get("loss_options");
        if (options == null || options.isNull()) {
            return loss;
        }
        if (!options.isObject()) {
            throw new AssertionError("loss_options must be an object but is " + options);
        }
        for (Map.Entry<String, JsonNode> e : options.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            try {
                loss = switch (key) {
                    case "class_weights" -> crossEntropy(loss, key).withClassWeights(numbers(v, key));
                    case "label_smoothing" -> crossEntropy(loss, key).withLabelSmoothing(number(v, key));
                    case "pos_weight" -> binaryCrossEntropy(loss, key).withPosWeight(numbers(v, key));
                    default -> throw new AssertionError("unknown loss option '" + key + "' in the reference case"
                            + " (known: class_weights, label_smoothing, pos_weight)");
                };
            } catch (IllegalArgumentException ex) {
                throw new AssertionError("loss option '" + key + "' of the reference case: " + ex.getMessage(), ex);
            }
        }
        return loss;
    }

    private static SoftmaxCrossEntropy crossEntropy(Loss loss, String option) {
        if (loss instanceof SoftmaxCrossEntropy ce) {
            return ce;
        }
        throw new AssertionError("loss option '" + option + "' is not valid for the loss '" + loss.name()
                + "' of the reference case (only for softmax_cross_entropy)");
    }

    private static BinaryCrossEntropy binaryCrossEntropy(Loss loss, String option) {
        if (loss instanceof BinaryCrossEntropy bce) {
            return bce;
        }
        throw new AssertionError("loss option '" + option + "' is not valid for the loss '" + loss.name()
                + "' of the reference case (only for binary_cross_entropy)");
    }

    private static double number(JsonNode v, String option) {
        if (!v.isNumber()) {
            throw new AssertionError("loss option '" + option + "' must be a number but is " + v);
        }
        return v.asDouble();
    }

    private static double[] numbers(JsonNode v, String option) {
        if (!v.isArray()) {
            throw new AssertionError("loss option '" + option + "' must be a list of numbers but is " + v);
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(v.get(i), option);
        }
        return out;
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new AssertionError("the reference case has no field '" + field + "'");
        }
        return v;
    }

    /** A JSON array of rows as a matrix (rows x columns). */
    static DMatrixRMaj matrix(JsonNode rows) {
        int r = rows.size();
        int c = rows.get(0).size();
        DMatrixRMaj m = new DMatrixRMaj(r, c);
        for (int i = 0; i < r; i++) {
            if (rows.get(i).size() != c) {
                throw new AssertionError("ragged matrix in the reference case: row " + i);
            }
            for (int j = 0; j < c; j++) {
                m.set(i, j, rows.get(i).get(j).asDouble());
            }
        }
        return m;
    }

    /** A JSON array of numbers as an n x 1 column. */
    static DMatrixRMaj column(JsonNode values) {
        DMatrixRMaj m = new DMatrixRMaj(values.size(), 1);
        for (int i = 0; i < values.size(); i++) {
            m.data[i] = values.get(i).asDouble();
        }
        return m;
    }
}
