package io.github.matrixbackprop.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.activation.Elu;
import io.github.matrixbackprop.activation.LeakyRelu;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
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

    static Loss loss(JsonNode root) {
        String name = required(root, "loss").asText();
        try {
            return Losses.byName(name);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("unknown loss '" + name + "' in the reference case", e);
        }
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
