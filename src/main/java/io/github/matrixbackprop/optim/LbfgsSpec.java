package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;

/**
 * The hyperparameters of L-BFGS, as {@code torch.optim.LBFGS} names them; {@link #create} binds
 * them to a network and gives the stateful {@link Lbfgs} (the algorithm box is there).
 *
 * <p>Not an {@link OptimizerSpec}: L-BFGS does not update the parameters from one given
 * gradient but evaluates the cost again at the points it tries, so it is driven by a
 * {@link CostFunction} (see {@link Lbfgs}).
 *
 * @param lr              learning rate: the step length tried first along every direction (the
 *                        first iteration ever scales it by {@code min(1, 1 / ||g||_1)}), finite,
 *                        {@code >= 0} (torch default 1)
 * @param maxIter         iterations per {@link Lbfgs#step}, {@code >= 1} (default 20)
 * @param maxEval         cost evaluations per step after which no further iteration starts,
 *                        {@code >= 1}, or {@code null} for torch's {@code max_iter * 5 / 4}
 *                        (integer division)
 * @param toleranceGrad   stop when every {@code |g_i| <= toleranceGrad}, finite, {@code >= 0}
 *                        (default 1e-7)
 * @param toleranceChange stop when the directional derivative, the step or the change of the
 *                        cost falls below it, finite, {@code >= 0} (default 1e-9)
 * @param historySize     the number of curvature pairs {@code (s, y)} kept, {@code >= 1}
 *                        (default 100)
 * @param lineSearch      how the step length is found (default {@link LineSearch#NONE}, as torch)
 */
public record LbfgsSpec(double lr, int maxIter, Integer maxEval, double toleranceGrad, double toleranceChange,
                        int historySize, LineSearch lineSearch) {

    /** How {@link Lbfgs} chooses the step length along a direction. */
    public enum LineSearch {
        /** A fixed step: {@code lr} (the first iteration ever: {@code min(1, 1 / ||g||_1) lr}). */
        NONE(null),
        /**
         * A step that satisfies the strong Wolfe conditions ({@code c1 = 1e-4}, {@code c2 = 0.9}),
         * found by bracketing and cubic interpolation from {@code lr}, at most 25 evaluations.
         */
        STRONG_WOLFE("strong_wolfe");

        private final String torchName;

        LineSearch(String torchName) {
            this.torchName = torchName;
        }

        /**
         * The value of torch's {@code line_search_fn}.
         *
         * @return {@code "strong_wolfe"}, or {@code null} for {@link #NONE}
         */
        public String torchName() {
            return torchName;
        }

        /**
         * The line search that torch's {@code line_search_fn} names.
         *
         * @param name {@code null}, {@code "none"} or {@code "strong_wolfe"} (case-insensitive)
         * @return the line search
         * @throws IllegalArgumentException naming any other value
         */
        public static LineSearch byName(String name) {
            if (name == null || name.equalsIgnoreCase("none")) {
                return NONE;
            }
            if (name.equalsIgnoreCase("strong_wolfe")) {
                return STRONG_WOLFE;
            }
            throw new IllegalArgumentException("lbfgs line_search_fn must be none (null) or strong_wolfe but was "
                    + Checks.quote(name));
        }
    }

    /**
     * Validates the hyperparameters.
     *
     * @param lr learning rate, finite, {@code >= 0} (torch default 1)
     * @param maxIter iterations per step, {@code >= 1} (default 20)
     * @param maxEval cost evaluations per step, {@code >= 1}, or {@code null} for {@code max_iter * 5 / 4}
     * @param toleranceGrad stop when every {@code |g_i| <= toleranceGrad}, finite, {@code >= 0} (default 1e-7)
     * @param toleranceChange stop when the directional derivative, the step or the change of the cost falls
     *     below it, finite, {@code >= 0} (default 1e-9)
     * @param historySize the number of curvature pairs kept, {@code >= 1} (default 100)
     * @param lineSearch how the step length is found
     * @throws IllegalArgumentException naming the first value outside its range
     * @throws NullPointerException if {@code lineSearch} is null
     */
    public LbfgsSpec {
        Checks.nonNegative(lr, "lbfgs lr");
        Checks.positive(maxIter, "lbfgs max_iter");
        if (maxEval != null) {
            Checks.positive(maxEval, "lbfgs max_eval");
        }
        Checks.nonNegative(toleranceGrad, "lbfgs tolerance_grad");
        Checks.nonNegative(toleranceChange, "lbfgs tolerance_change");
        Checks.positive(historySize, "lbfgs history_size");
        Checks.notNull(lineSearch, "lbfgs line search");
    }

    /**
     * L-BFGS with torch's defaults: lr 1, max_iter 20, max_eval 25, tolerance_grad 1e-7,
     * tolerance_change 1e-9, history_size 100, no line search.
     *
     * @return the default configuration
     */
    public static LbfgsSpec defaults() {
        return new LbfgsSpec(1, 20, null, 1e-7, 1e-9, 100, LineSearch.NONE);
    }

    /**
     * The defaults ({@link #defaults()}) with this learning rate.
     *
     * @param lr the learning rate, finite, {@code >= 0}
     * @return the configuration
     */
    public static LbfgsSpec of(double lr) {
        return defaults().withLr(lr);
    }

    /**
     * The evaluation budget of a step: {@link #maxEval()}, or {@code maxIter * 5 / 4} when that
     * is {@code null}.
     *
     * @return the number of cost evaluations after which a step starts no further iteration
     */
    public int maxEvaluations() {
        return maxEval != null ? maxEval : (int) Math.min(Integer.MAX_VALUE, maxIter * 5L / 4);
    }

    /**
     * The same with another learning rate.
     *
     * @param newLr the new {@code lr}: finite, {@code >= 0}
     * @return a copy that differs only in {@code lr}; this one is unchanged
     */
    public LbfgsSpec withLr(double newLr) {
        return new LbfgsSpec(newLr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
    }

    /**
     * The same with another number of iterations per step ({@code maxEval}, if {@code null},
     * follows it).
     *
     * @param n the new {@code maxIter}: {@code >= 1}
     * @return a copy that differs only in {@code maxIter}; this one is unchanged
     */
    public LbfgsSpec withMaxIter(int n) {
        return new LbfgsSpec(lr, n, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
    }

    /**
     * The same with another evaluation budget per step.
     *
     * @param n the new {@code maxEval}: {@code >= 1}, or {@code null} for {@code max_iter * 5 / 4}
     * @return a copy that differs only in {@code maxEval}; this one is unchanged
     */
    public LbfgsSpec withMaxEval(Integer n) {
        return new LbfgsSpec(lr, maxIter, n, toleranceGrad, toleranceChange, historySize, lineSearch);
    }

    /**
     * The same with another gradient tolerance.
     *
     * @param tol the new {@code toleranceGrad}: finite, {@code >= 0}
     * @return a copy that differs only in {@code toleranceGrad}; this one is unchanged
     */
    public LbfgsSpec withToleranceGrad(double tol) {
        return new LbfgsSpec(lr, maxIter, maxEval, tol, toleranceChange, historySize, lineSearch);
    }

    /**
     * The same with another change tolerance.
     *
     * @param tol the new {@code toleranceChange}: finite, {@code >= 0}
     * @return a copy that differs only in {@code toleranceChange}; this one is unchanged
     */
    public LbfgsSpec withToleranceChange(double tol) {
        return new LbfgsSpec(lr, maxIter, maxEval, toleranceGrad, tol, historySize, lineSearch);
    }

    /**
     * The same with another history size.
     *
     * @param h the new {@code historySize}: {@code >= 1}
     * @return a copy that differs only in {@code historySize}; this one is unchanged
     */
    public LbfgsSpec withHistorySize(int h) {
        return new LbfgsSpec(lr, maxIter, maxEval, toleranceGrad, toleranceChange, h, lineSearch);
    }

    /**
     * The same with another line search.
     *
     * @param search the new {@code lineSearch}
     * @return a copy that differs only in {@code lineSearch}; this one is unchanged
     */
    public LbfgsSpec withLineSearch(LineSearch search) {
        return new LbfgsSpec(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, search);
    }

    /**
     * The name as in the reference cases and on the command line.
     *
     * @return {@code "lbfgs"}
     */
    public String name() {
        return "lbfgs";
    }

    /**
     * A fresh optimizer (no iterations, empty history) for the parameters of {@code network}.
     *
     * @param network the network whose parameters the optimizer will update
     * @return a new optimizer bound to {@code network}
     */
    public Lbfgs create(Network network) {
        return new Lbfgs(this, network);
    }
}
