package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds optimizers by name (as in the reference cases and on the command line) and composes them with gradient transforms. */
public final class Optimizers {

    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    private Optimizers() {
    }

    /**
     * The optimizer {@code name} with hyperparameters given by their torch.optim names
     * ({@code lr}, {@code momentum}, {@code dampening}, {@code nesterov}, {@code weight_decay},
     * {@code beta1}, {@code beta2}, {@code eps}, {@code amsgrad}, {@code alpha}, {@code centered},
     * {@code lr_decay}, {@code initial_accumulator_value}, and {@code decay_biases}); values are
     * {@link Number}s or {@link Boolean}s. Missing ones take torch's defaults ({@code sgd} needs
     * {@code lr}).
     *
     * @param name the optimizer's name: {@code sgd}, {@code adam}, {@code adamw}, {@code rmsprop} or {@code
     *     adagrad}, case-insensitive
     * @param hyper hyperparameters by their torch names; not modified
     * @return the configuration
     * @throws IllegalArgumentException naming an unknown optimizer, an unknown or ill-typed
     *                                  hyperparameter, or an invalid value; for {@code lbfgs},
     *                                  which is not an {@link Optimizer}, pointing to
     *                                  {@link #lbfgs(Map)}
     */
    public static OptimizerSpec byName(String name, Map<String, ?> hyper) {
        Checks.notNull(hyper, "hyperparameters");
        Params p = new Params(name, hyper);
        OptimizerSpec spec = switch (name == null ? "null" : name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(p.required("lr"), p.number("momentum", 0), p.number("dampening", 0),
                    p.bool("nesterov", false), p.number("weight_decay", 0), p.bool("decay_biases", true));
            case "adam" -> new Adam(p.number("lr", 1e-3), p.number("beta1", 0.9), p.number("beta2", 0.999),
                    p.number("eps", 1e-8), p.number("weight_decay", 0), p.bool("amsgrad", false),
                    p.bool("decay_biases", true));
            case "adamw" -> new AdamW(p.number("lr", 1e-3), p.number("beta1", 0.9), p.number("beta2", 0.999),
                    p.number("eps", 1e-8), p.number("weight_decay", 1e-2), p.bool("amsgrad", false),
                    p.bool("decay_biases", true));
            case "rmsprop" -> new RmsProp(p.number("lr", 1e-2), p.number("alpha", 0.99), p.number("eps", 1e-8),
                    p.number("weight_decay", 0), p.number("momentum", 0), p.bool("centered", false),
                    p.bool("decay_biases", true));
            case "adagrad" -> new Adagrad(p.number("lr", 1e-2), p.number("lr_decay", 0), p.number("weight_decay", 0),
                    p.number("initial_accumulator_value", 0), p.number("eps", 1e-10), p.bool("decay_biases", true));
            case "lbfgs" -> throw new IllegalArgumentException("lbfgs evaluates the cost again at the points it"
                    + " tries, so it is not an Optimizer of one gradient per step: use Optimizers.lbfgs(hyperparameters)"
                    + " or LbfgsSpec, stepped with a CostFunction");
            default -> throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        };
        p.requireAllUsed();
        return spec;
    }

    /**
     * L-BFGS with hyperparameters given by their torch.optim.LBFGS names: {@code lr} (1),
     * {@code max_iter} (20), {@code max_eval} ({@code null}: {@code max_iter * 5 / 4}),
     * {@code tolerance_grad} (1e-7), {@code tolerance_change} (1e-9), {@code history_size} (100)
     * and {@code line_search_fn} ({@code null} or {@code "none"}: a fixed step; {@code
     * "strong_wolfe"}). Counts are whole {@link Number}s, {@code line_search_fn} a {@link String};
     * a {@code null} value takes the default.
     *
     * @param hyper hyperparameters by their torch names; not modified
     * @return the configuration
     * @throws IllegalArgumentException naming an unknown or ill-typed hyperparameter, or an
     *                                  invalid value
     */
    public static LbfgsSpec lbfgs(Map<String, ?> hyper) {
        Checks.notNull(hyper, "hyperparameters");
        Params p = new Params("lbfgs", hyper);
        LbfgsSpec d = LbfgsSpec.defaults();
        LbfgsSpec spec = new LbfgsSpec(p.number("lr", d.lr()), p.whole("max_iter", d.maxIter()),
                p.wholeOrNull("max_eval"), p.number("tolerance_grad", d.toleranceGrad()),
                p.number("tolerance_change", d.toleranceChange()), p.whole("history_size", d.historySize()),
                LbfgsSpec.LineSearch.byName(p.text("line_search_fn")));
        p.requireAllUsed();
        return spec;
    }

    /**
     * An optimizer that applies {@code transforms} to the gradient, in order, then {@code inner}'s
     * update. The transforms modify the {@link Gradients} passed to {@code step} in place; each is
     * called as {@link GradientTransform#apply(Gradients, Network)} with {@code inner}'s network, so a
     * transform such as {@link L1} sees the parameters before the update.
     *
     * @param inner the optimizer that performs the update
     * @param transforms the transforms, applied in this order before every update
     * @return an optimizer with the same network and state as {@code inner}
     */
    public static Optimizer chain(Optimizer inner, GradientTransform... transforms) {
        Checks.notNull(inner, "optimizer");
        List<GradientTransform> list = List.of(transforms);
        return new Optimizer() {
            @Override
            public Network network() {
                return inner.network();
            }

            @Override
            public void step(Gradients g) {
                g.requireShapeOf(inner.network());
                for (GradientTransform t : list) {
                    t.apply(g, inner.network());
                }
                inner.step(g);
            }

            @Override
            public double learningRate() {
                return inner.learningRate();
            }

            @Override
            public void setLearningRate(double lr) {
                inner.setLearningRate(lr);
            }

            @Override
            public long stepCount() {
                return inner.stepCount();
            }

            @Override
            public OptimizerState state() {
                return inner.state();
            }

            @Override
            public void restore(OptimizerState state) {
                inner.restore(state);
            }

            @Override
            public Checkpoint checkpoint() {
                return inner.checkpoint();
            }
        };
    }

    /** Reads typed hyperparameters and remembers which were used. */
    private static final class Params {
        private final String optimizer;
        private final Map<String, ?> values;
        private final Set<String> used = new HashSet<>();

        Params(String optimizer, Map<String, ?> values) {
            this.optimizer = optimizer;
            this.values = values;
        }

        double required(String key) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException(optimizer + " needs the hyperparameter " + key);
            }
            return number(key, Double.NaN);
        }

        double number(String key, double fallback) {
            used.add(key);
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException(optimizer + " " + key + " must be a number but was " + v);
            }
            return n.doubleValue();
        }

        int whole(String key, int fallback) {
            Integer v = wholeOrNull(key);
            return v != null ? v : fallback;
        }

        Integer wholeOrNull(String key) {
            used.add(key);
            Object v = values.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException(optimizer + " " + key + " must be a whole number but was " + v);
            }
            double x = n.doubleValue();
            if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(optimizer + " " + key + " must be a whole number but was " + v);
            }
            return (int) x;
        }

        String text(String key) {
            used.add(key);
            Object v = values.get(key);
            if (v != null && !(v instanceof String)) {
                throw new IllegalArgumentException(optimizer + " " + key + " must be text but was " + v);
            }
            return (String) v;
        }

        boolean bool(String key, boolean fallback) {
            used.add(key);
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Boolean b)) {
                throw new IllegalArgumentException(optimizer + " " + key + " must be true or false but was " + v);
            }
            return b;
        }

        void requireAllUsed() {
            for (String key : values.keySet()) {
                if (!used.contains(key)) {
                    throw new IllegalArgumentException("unknown hyperparameter '" + key + "' for optimizer "
                            + optimizer + "; known: " + used.stream().sorted().toList());
                }
            }
        }
    }
}
