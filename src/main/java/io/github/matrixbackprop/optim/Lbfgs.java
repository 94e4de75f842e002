package io.github.matrixbackprop.optim;

import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;

/**
 * Limited-memory BFGS (Nocedal, 1980; Liu and Nocedal, 1989), as {@code torch.optim.LBFGS}:
 * each {@link #step} runs up to {@code max_iter} quasi-Newton iterations on the cost that a
 * {@link CostFunction} evaluates, changing the network's parameters in place.
 * The update rule is torch's, not an equation of docs/math.md: it only consumes {@code C} and
 * {@code grad C}, which the engine computes by (E1)-(E4b). The flat order of the parameters
 * (row-major {@code W^l}, unlike math.md's column-major {@code vec}) does not change the iterates:
 * every operation on the vector is an inner product, a sum or a scaling.
 *
 * <pre>
 * inputs:  lr, max_iter, max_eval (default max_iter * 5 / 4), tolerance_grad, tolerance_change,
 *          h = history_size, line search: none or strong Wolfe
 * state:   direction d, step length t, at most h pairs (s_i, y_i) with rho_i = 1 / (y_i^T s_i)
 *          (oldest dropped first), H_diag, previous gradient g_prev and cost C_prev,
 *          iteration count k ("n_iter") and evaluation count ("func_evals"), over all steps
 * step, on the flat parameter vector theta (W^1 row-major, b^1, W^2, b^2, ...):
 *   C_0, g &lt;- C(theta), grad C(theta)                                  (one evaluation)
 *   if max_i |g_i| &lt;= tolerance_grad: return C_0
 *   C &lt;- C_0
 *   for n = 1..max_iter:
 *     k &lt;- k + 1
 *     if k = 1:  d &lt;- -g;  forget every pair;  H_diag &lt;- 1
 *     else:
 *       y &lt;- g - g_prev;  s &lt;- t d
 *       if y^T s &gt; 1e-10:  keep (s, y) with rho = 1 / (y^T s);  H_diag &lt;- y^T s / (y^T y)
 *       q &lt;- -g
 *       for i from the newest pair to the oldest:  alpha_i &lt;- rho_i s_i^T q;  q &lt;- q - alpha_i y_i
 *       d &lt;- H_diag q
 *       for i from the oldest pair to the newest:  beta &lt;- rho_i y_i^T d;  d &lt;- d + (alpha_i - beta) s_i
 *     g_prev &lt;- g;  C_prev &lt;- C
 *     t &lt;- min(1, 1 / ||g||_1) lr  if k = 1,  else lr
 *     if g^T d &gt; -tolerance_change: stop
 *     strong Wolfe:  t, C, g &lt;- line search along d from t (see below);  theta &lt;- theta + t d
 *     none:          theta &lt;- theta + t d;  if n &lt; max_iter:  C, g &lt;- C(theta), grad C(theta)
 *     stop if n = max_iter, or this step's evaluations &gt;= max_eval, or max_i |g_i| &lt;= tolerance_grad,
 *          or max_i |t d_i| &lt;= tolerance_change, or |C - C_prev| &lt; tolerance_change
 *   return C_0
 * </pre>
 *
 * <p>The line search (bracketing, then zooming with cubic interpolation until the strong Wolfe
 * conditions {@code C(theta + t d) <= C + 1e-4 t g^T d} and {@code |grad C(theta + t d)^T d| <=
 * 0.9 |g^T d|} hold, at most 25 evaluations) is described in {@code docs/optimizers.md}; its
 * bracket tolerance is torch's fixed {@code 1e-9}, not {@code tolerance_change}. Every test
 * runs in torch's order, so the same costs give the same decisions; the reference cases match
 * torch's parameters, costs and evaluation counts.
 *
 * <p>Why this is not an {@link Optimizer}: an {@code Optimizer} is given one gradient per step,
 * while L-BFGS evaluates the cost again at every point it tries (after the first iteration of a
 * step, and during a line search), so it needs a {@link CostFunction} and is meant for the
 * full batch: the two-loop recursion assumes that the same function is evaluated everywhere.
 *
 * <p>The cost function is called after the parameters were changed in place; during a line
 * search the parameters are put back after every trial. State lives in flat arrays of the
 * parameter count {@code n}: {@code d}, {@code g}, {@code g_prev}, the {@code h} pairs (allocated
 * as the history fills, then reused as a ring) and, with the line search, four more; after the
 * history is full, a step allocates nothing. If the cost function throws, the exception passes
 * through and the parameters and state are as they were at that point; a {@link #checkpoint()}
 * saved before the step puts the state back. Not thread-safe.
 */
public final class Lbfgs {

    /** The smallest {@code y^T s} for which a pair is kept (torch's constant). */
    static final double MIN_CURVATURE = 1e-10;

    private final LbfgsSpec spec;
    private final Network network;
    private final ParameterVector theta;
    private final Gradients evaluated;
    private final int n;
    private final int h;
    private final StrongWolfe lineSearch;
    private final StrongWolfe.Objective alongD;
    private final double[] g;
    private final double[] x0;
    private final double[] al;
    private double[] yNext;
    private double[] sNext;
    private CostFunction current;

    private double lr;
    private final double[] d;
    private double t;
    private final double[][] ys;
    private final double[][] ss;
    private final double[] rho;
    private int oldest;
    private int pairs;
    private double hDiag;
    private final double[] gPrev;
    private double costPrev;
    private long iterations;
    private long evaluations;

    Lbfgs(LbfgsSpec spec, Network network) {
        this.spec = Checks.notNull(spec, "lbfgs spec");
        this.network = Checks.notNull(network, "network");
        theta = new ParameterVector(network);
        evaluated = Gradients.zerosLike(network);
        n = theta.size();
        h = spec.historySize();
        g = new double[n];
        d = new double[n];
        gPrev = new double[n];
        yNext = new double[n];
        sNext = new double[n];
        ys = new double[h][];
        ss = new double[h][];
        rho = new double[h];
        al = new double[h];
        boolean wolfe = spec.lineSearch() == LbfgsSpec.LineSearch.STRONG_WOLFE;
        lineSearch = wolfe ? new StrongWolfe(n) : null;
        x0 = wolfe ? new double[n] : null;
        alongD = this::evaluateAlongD;
        hDiag = 1;
        lr = spec.lr();
    }

    /**
     * The hyperparameters this optimizer was made from.
     *
     * @return the spec
     */
    public LbfgsSpec spec() {
        return spec;
    }

    /**
     * The network whose parameters this optimizer updates.
     *
     * @return the network this optimizer is bound to
     */
    public Network network() {
        return network;
    }

    /**
     * The learning rate the next step uses.
     *
     * @return the current learning rate
     */
    public double learningRate() {
        return lr;
    }

    /**
     * Sets the learning rate of the next steps (what a schedule does), as changing torch's
     * {@code param_groups[0]["lr"]} between steps.
     *
     * @param newLr the new learning rate, finite, {@code >= 0}
     * @throws IllegalArgumentException if {@code newLr} is negative or not finite
     */
    public void setLearningRate(double newLr) {
        lr = Checks.nonNegative(newLr, "lbfgs lr");
    }

    /**
     * The number of iterations over all steps ({@code k} in the box; torch's {@code n_iter}).
     *
     * @return the iteration count
     */
    public long iterations() {
        return iterations;
    }

    /**
     * The number of cost evaluations over all steps (torch's {@code func_evals}).
     *
     * @return the evaluation count
     */
    public long functionEvaluations() {
        return evaluations;
    }

    /**
     * The number of curvature pairs {@code (s_i, y_i)} held now, at most {@code history_size}.
     *
     * @return the history length
     */
    public int historyLength() {
        return pairs;
    }

    /**
     * One L-BFGS step (up to {@code max_iter} iterations, see the class comment): changes the
     * network's parameters in place and calls {@code cost} whenever it needs {@code C} and
     * {@code grad C} at the current parameters.
     *
     * @param cost evaluates the cost and gradient at the network's current parameters
     * @return the cost at the parameters the step started from ({@code C_0})
     * @throws NullPointerException if {@code cost} is null
     */
    public double step(CostFunction cost) {
        Checks.notNull(cost, "cost function");
        current = cost;
        try {
            return run();
        } finally {
            current = null;
        }
    }

    private double run() {
        double loss0 = evaluate(g);
        int stepEvaluations = 1;
        evaluations++;
        boolean optimal = ParameterVector.maxAbs(g, 1.0) <= spec.toleranceGrad();
        if (optimal) {
            return loss0;
        }
        double loss = loss0;
        int maxIter = spec.maxIter();
        int maxEval = spec.maxEvaluations();
        double tolChange = spec.toleranceChange();
        for (int iter = 1; iter <= maxIter; iter++) {
            iterations++;
            if (iterations == 1) {
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                oldest = 0;
                pairs = 0;
                hDiag = 1;
            } else {
                remember();
                twoLoop();
            }
            System.arraycopy(g, 0, gPrev, 0, n);
            costPrev = loss;
            t = iterations == 1 ? StrongWolfe.min(1.0, 1.0 / ParameterVector.sumAbs(g)) * lr : lr;
            double gtd = ParameterVector.dot(g, d);
            if (gtd > -tolChange) {
                break;
            }
            int searchEvaluations = 0;
            if (lineSearch != null) {
                theta.read(x0);
                lineSearch.search(alongD, t, d, loss, g, gtd);
                loss = lineSearch.cost();
                t = lineSearch.step();
                searchEvaluations = lineSearch.evaluations();
                theta.addScaled(t, d);
                optimal = ParameterVector.maxAbs(g, 1.0) <= spec.toleranceGrad();
            } else {
                theta.addScaled(t, d);
                if (iter != maxIter) {
                    loss = evaluate(g);
                    optimal = ParameterVector.maxAbs(g, 1.0) <= spec.toleranceGrad();
                    searchEvaluations = 1;
                }
            }
            stepEvaluations += searchEvaluations;
            evaluations += searchEvaluations;
            if (iter == maxIter || stepEvaluations >= maxEval || optimal) {
                break;
            }
            if (ParameterVector.maxAbs(d, t) <= tolChange || Math.abs(loss - costPrev) < tolChange) {
                break;
            }
        }
        return loss0;
    }

    /** {@code y = g - g_prev}, {@code s = t d}; kept (the oldest pair dropped if full) when {@code y^T s > 1e-10}. */
    private void remember() {
        for (int i = 0; i < n; i++) {
            yNext[i] = g[i] - gPrev[i];
            sNext[i] = d[i] * t;
        }
        double ysDot = ParameterVector.dot(yNext, sNext);
        if (!(ysDot > MIN_CURVATURE)) {
            return;
        }
        int slot;
        if (pairs == h) {
            slot = oldest;
            oldest = (oldest + 1) % h;
        } else {
            slot = (oldest + pairs) % h;
            pairs++;
        }
        double[] y = yNext;
        double[] s = sNext;
        yNext = ys[slot] != null ? ys[slot] : new double[n];
        sNext = ss[slot] != null ? ss[slot] : new double[n];
        ys[slot] = y;
        ss[slot] = s;
        rho[slot] = 1.0 / ysDot;
        hDiag = ysDot / ParameterVector.dot(y, y);
    }

    /** {@code d <- -H g} by the two-loop recursion over the pairs, newest first, then oldest first. */
    private void twoLoop() {
        for (int i = 0; i < n; i++) {
            d[i] = -g[i];
        }
        for (int i = pairs - 1; i >= 0; i--) {
            int k = (oldest + i) % h;
            al[i] = ParameterVector.dot(ss[k], d) * rho[k];
            addScaled(d, -al[i], ys[k]);
        }
        for (int i = 0; i < n; i++) {
            d[i] *= hDiag;
        }
        for (int i = 0; i < pairs; i++) {
            int k = (oldest + i) % h;
            double beta = ParameterVector.dot(ys[k], d) * rho[k];
            addScaled(d, al[i] - beta, ss[k]);
        }
    }

    private static void addScaled(double[] target, double a, double[] x) {
        for (int i = 0; i < target.length; i++) {
            target[i] += a * x[i];
        }
    }

    /** {@code C} at the current parameters; {@code grad C} flattened into {@code into}. */
    private double evaluate(double[] into) {
        double c = current.evaluate(evaluated);
        ParameterVector.flatten(evaluated, into);
        return c;
    }

    /** {@code C(x0 + t d)} with its gradient; the parameters are {@code x0} again afterwards. */
    private double evaluateAlongD(double step, double[] into) {
        theta.addScaled(step, d);
        try {
            return evaluate(into);
        } finally {
            theta.write(x0);
        }
    }

    /**
     * A holder for this optimizer's whole state (learning rate, counts, {@code d}, {@code t},
     * the pairs, {@code H_diag}, {@code g_prev}, {@code C_prev}) that can save it and put it
     * back, e.g. to undo a step that diverged. Its buffers are allocated here and as the history
     * grows; once the history is full, saving and restoring allocate nothing. The parameters are
     * not part of it.
     *
     * @return a new checkpoint bound to this optimizer, holding nothing yet
     */
    public Optimizer.Checkpoint checkpoint() {
        return new Snapshot();
    }

    /** A copy of the mutable state. */
    private final class Snapshot implements Optimizer.Checkpoint {
        private boolean saved;
        private double sLr;
        private double sT;
        private double sHDiag;
        private double sCostPrev;
        private long sIterations;
        private long sEvaluations;
        private int sOldest;
        private int sPairs;
        private final double[] sD = new double[n];
        private final double[] sGPrev = new double[n];
        private final double[] sRho = new double[h];
        private final double[][] sYs = new double[h][];
        private final double[][] sSs = new double[h][];

        @Override
        public void save() {
            sLr = lr;
            sT = t;
            sHDiag = hDiag;
            sCostPrev = costPrev;
            sIterations = iterations;
            sEvaluations = evaluations;
            sOldest = oldest;
            sPairs = pairs;
            System.arraycopy(d, 0, sD, 0, n);
            System.arraycopy(gPrev, 0, sGPrev, 0, n);
            System.arraycopy(rho, 0, sRho, 0, h);
            for (int k = 0; k < h; k++) {
                if (ys[k] != null) {
                    sYs[k] = copyInto(ys[k], sYs[k]);
                    sSs[k] = copyInto(ss[k], sSs[k]);
                }
            }
            saved = true;
        }

        @Override
        public void restore() {
            if (!saved) {
                throw new IllegalStateException("the checkpoint of lbfgs holds no state: save() was never called");
            }
            lr = sLr;
            t = sT;
            hDiag = sHDiag;
            costPrev = sCostPrev;
            iterations = sIterations;
            evaluations = sEvaluations;
            oldest = sOldest;
            pairs = sPairs;
            System.arraycopy(sD, 0, d, 0, n);
            System.arraycopy(sGPrev, 0, gPrev, 0, n);
            System.arraycopy(sRho, 0, rho, 0, h);
            for (int k = 0; k < h; k++) {
                if (sYs[k] != null) {
                    System.arraycopy(sYs[k], 0, ys[k], 0, n);
                    System.arraycopy(sSs[k], 0, ss[k], 0, n);
                }
            }
        }

        private double[] copyInto(double[] from, double[] to) {
            double[] out = to != null ? to : new double[n];
            System.arraycopy(from, 0, out, 0, n);
            return out;
        }
    }
}
