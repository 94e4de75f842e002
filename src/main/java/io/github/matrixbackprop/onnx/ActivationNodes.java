package io.github.matrixbackprop.onnx;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Elu;
import io.github.matrixbackprop.activation.Gelu;
import io.github.matrixbackprop.activation.Identity;
import io.github.matrixbackprop.activation.LeakyRelu;
import io.github.matrixbackprop.activation.Relu;
import io.github.matrixbackprop.activation.Sigmoid;
import io.github.matrixbackprop.activation.Silu;
import io.github.matrixbackprop.activation.Softmax;
import io.github.matrixbackprop.activation.Softplus;
import io.github.matrixbackprop.activation.Tanh;
import io.github.matrixbackprop.kernel.Precision;
import java.util.List;

/**
 * The ONNX nodes of each built-in activation, applied to the rows of {@code Z} ({@code [N, n_l]},
 * one sample per row, so softmax runs along axis 1).
 *
 * <p>A float32 graph uses the ONNX operator of the activation where there is one. A float64 graph
 * must run in ONNX Runtime, whose CPU kernels for {@code LeakyRelu}, {@code Elu}, {@code Softplus},
 * {@code Erf} and {@code Gelu} take float only (ONNX Runtime 1.29 falls back on an operator's ONNX
 * function definition at a few opsets and refuses the model at all others), and ONNX's float attributes
 * ({@code alpha}) would round a slope such as 0.01 to float32: there the activation is written with
 * operators that have double kernels, in the library's own formula, with its parameter as a double
 * tensor:
 * <ul>
 *   <li>silu: {@code z / (Exp(-z) + 1)}: ONNX Runtime rewrites {@code z * Sigmoid(z)} into its
 *       {@code QuickGelu} operator, whose only kernel is float, so that a double model would not
 *       load;</li>
 *   <li>leaky_relu: {@code Where(z > 0, z, z * slope)};</li>
 *   <li>elu: {@code Where(z > 0, z, (Exp(z) - 1) * alpha)};</li>
 *   <li>softplus: {@code Max(z, 0) + Log(Exp(-|z|) + 1)};</li>
 *   <li>gelu: {@code z * Phi(z)}, {@code Phi} by the piecewise polynomial of {@link NormalCdfPieces}.</li>
 * </ul>
 * Otherwise the nodes are the same in both: identity adds no node. In float32, silu is
 * {@code z * Sigmoid(z)}, and gelu is
 * {@code z * ((Erf(z * (1 / sqrt 2)) + 1) * 0.5)} below opset 20 and the {@code Gelu} operator
 * ({@code approximate = "none"}) from opset 20 on.
 */
final class ActivationNodes {

    /** The activation classes that have a mapping, by name, for messages. */
    static final List<String> SUPPORTED = List.of(
            "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "silu", "softmax");

    private static final double INV_SQRT2 = 0.7071067811865476;

    private ActivationNodes() {
    }

    /**
     * Whether {@code f} is one of the library's own activations, which alone have a mapping (an
     * activation of another class may share a name but not the function).
     */
    static boolean supports(Activation f) {
        return f instanceof Identity || f instanceof Sigmoid || f instanceof Tanh || f instanceof Relu
                || f instanceof LeakyRelu || f instanceof Elu || f instanceof Softplus || f instanceof Gelu
                || f instanceof Silu || f instanceof Softmax;
    }

    /**
     * Adds the nodes of {@code f} from tensor {@code z} to tensor {@code out}. Identity adds
     * nothing: the caller names the layer's product {@code out} directly.
     *
     * @param p the prefix of the intermediate tensors' names, e.g. {@code "a2/"}
     */
    static void add(GraphBuilder g, Activation f, String z, String out, String p, OnnxOptions o) {
        boolean doubles = o.precision() == Precision.FLOAT64;
        if (f instanceof Identity) {
            return;
        } else if (f instanceof Relu) {
            g.node("Relu", out, z);
        } else if (f instanceof Tanh) {
            g.node("Tanh", out, z);
        } else if (f instanceof Sigmoid) {
            g.node("Sigmoid", out, z);
        } else if (f instanceof Softmax) {
            g.node("Softmax", out, List.of(new GraphBuilder.Attribute("axis", 1L)), z);
        } else if (f instanceof Silu) {
            if (doubles) {
                String exp = g.node("Exp", p + "exp", g.node("Neg", p + "neg", z));
                g.node("Div", out, z, g.node("Add", p + "one_plus", exp, g.scalar("one", 1.0)));
            } else {
                g.node("Mul", out, z, g.node("Sigmoid", p + "sigmoid", z));
            }
        } else if (f instanceof LeakyRelu l) {
            if (doubles) {
                String slope = g.scalar(p + "slope", l.slope());
                g.node("Where", out, positive(g, z, p), z, g.node("Mul", p + "negative", z, slope));
            } else {
                g.node("LeakyRelu", out, List.of(new GraphBuilder.Attribute("alpha", (float) l.slope())), z);
            }
        } else if (f instanceof Elu e) {
            if (doubles) {
                String expm1 = g.node("Sub", p + "expm1", g.node("Exp", p + "exp", z), g.scalar("one", 1.0));
                String negative = g.node("Mul", p + "negative", expm1, g.scalar(p + "alpha", e.alpha()));
                g.node("Where", out, positive(g, z, p), z, negative);
            } else {
                g.node("Elu", out, List.of(new GraphBuilder.Attribute("alpha", (float) e.alpha())), z);
            }
        } else if (f instanceof Softplus) {
            if (doubles) {
                String abs = g.node("Abs", p + "abs", z);
                String exp = g.node("Exp", p + "exp", g.node("Neg", p + "neg", abs));
                String log1p = g.node("Log", p + "log1p", g.node("Add", p + "one_plus", exp, g.scalar("one", 1.0)));
                g.node("Add", out, g.node("Max", p + "max", z, g.scalar("zero", 0.0)), log1p);
            } else {
                g.node("Softplus", out, z);
            }
        } else if (f instanceof Gelu) {
            gelu(g, z, out, p, o);
        } else {
            throw new IllegalArgumentException("activation " + f.name() + " has no ONNX mapping");
        }
    }

    /** The condition {@code z > 0}. */
    private static String positive(GraphBuilder g, String z, String p) {
        return g.node("Greater", p + "positive", z, g.scalar("zero", 0.0));
    }

    private static void gelu(GraphBuilder g, String z, String out, String p, OnnxOptions o) {
        if (o.precision() == Precision.FLOAT64) {
            g.node("Mul", out, z, normalCdf(g, z, p));
        } else if (o.opset() >= 20) {
            g.node("Gelu", out, List.of(new GraphBuilder.Attribute("approximate", "none")), z);
        } else {
            String erf = g.node("Erf", p + "erf", g.node("Mul", p + "scaled", z, g.scalar("inv_sqrt2", INV_SQRT2)));
            String cdf = g.node("Mul", p + "cdf", g.node("Add", p + "one_plus", erf, g.scalar("one", 1.0)),
                    g.scalar("half", 0.5));
            g.node("Mul", out, z, cdf);
        }
    }

    /** {@code Phi(z)} by the pieces of {@link NormalCdfPieces}, step by step as its {@code evaluate}. */
    private static String normalCdf(GraphBuilder g, String z, String p) {
        int n = NormalCdfPieces.DEGREE + 1;
        String table = "normal_cdf_pieces";
        if (!g.has(table)) {
            table = g.tensor(table, NormalCdfPieces.table(), NormalCdfPieces.PIECES, n);
        }
        String isNan = g.node("IsNaN", p + "is_nan", z);
        String finite = g.node("Where", p + "no_nan", isNan, g.scalar("zero", 0.0), z);
        String lo = g.scalar("cdf_lo", NormalCdfPieces.CLIP_LO);
        String x = g.node("Clip", p + "clipped", finite, lo, g.scalar("cdf_hi", NormalCdfPieces.HI));
        String u = g.node("Mul", p + "position", g.node("Sub", p + "from_lo", x, lo),
                g.scalar("cdf_inv_width", 1 / NormalCdfPieces.WIDTH));
        String k = g.node("Floor", p + "piece", u);
        String centre = g.node("Add", p + "centre", g.node("Mul", p + "piece_start", k,
                g.scalar("cdf_width", NormalCdfPieces.WIDTH)),
                g.scalar("cdf_first_centre", NormalCdfPieces.CLIP_LO + NormalCdfPieces.WIDTH / 2));
        String s = g.node("Mul", p + "s", g.node("Sub", p + "offset", x, centre),
                g.scalar("cdf_inv_half_width", 2 / NormalCdfPieces.WIDTH));
        String index = g.node("Cast", p + "index", List.of(new GraphBuilder.Attribute("to", GraphBuilder.INT64)), k);
        String coefficients = g.node("Gather", p + "coefficients", List.of(new GraphBuilder.Attribute("axis", 0L)),
                table, index);
        String[] c = new String[n];
        long[] ones = new long[n];
        for (int j = 0; j < n; j++) {
            c[j] = p + "c" + j;
            ones[j] = 1;
        }
        String last = g.int64s("last_axis", new long[] {2}, 1);
        g.node("Split", c, List.of(new GraphBuilder.Attribute("axis", 2L)), coefficients,
                g.int64s("cdf_split", ones, n));
        String s3 = g.node("Unsqueeze", p + "s_3d", s, last);
        String v = c[n - 1];
        for (int j = n - 2; j >= 0; j--) {
            v = g.node("Add", p + "horner" + j, g.node("Mul", p + "horner" + j + "_times_s", v, s3), c[j]);
        }
        return g.node("Squeeze", p + "cdf", v, last);
    }
}
