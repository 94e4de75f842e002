package io.github.matrixbackprop.optim;

/**
 * The strong Wolfe line search of {@link Lbfgs}, with the constants, the cubic interpolation and
 * the safeguards of torch.optim.LBFGS's {@code line_search_fn="strong_wolfe"} (which follows
 * minFunc). On the line {@code phi(t) = C(theta + t d)}, {@code phi'(t) = grad C(theta + t d)^T d},
 * from {@code phi(0) = f}, {@code phi'(0) = gtd} and a first trial {@code t}:
 *
 * <pre>
 * constants: c1 = 1e-4, c2 = 0.9, at most 25 iterations, bracket tolerance 1e-9
 * bracketing, with t_prev = 0:
 *   while fewer than 25 iterations:
 *     if phi(t) &gt; f + c1 t gtd, or iteration &gt; 1 and phi(t) &gt;= phi(t_prev):  zoom in [t_prev, t]
 *     if |phi'(t)| &lt;= -c2 gtd:                                   accept t (strong Wolfe)
 *     if phi'(t) &gt;= 0:                                           zoom in [t_prev, t]
 *     t_prev, t &lt;- t, cubic(t_prev, t) clamped to [t + 0.01 (t - t_prev), 10 t]
 *   after 25 iterations: the bracket is [0, t], without zooming
 * zoom on the bracket {low, high} (phi(low) &lt;= phi(high)), while fewer than 25 iterations in all
 * and |high - low| max_i |d_i| &gt;= 1e-9:
 *   t &lt;- cubic(low, high) within the bracket
 *   if t is within 0.1 |high - low| of an end and (the previous trial was too, or t is at or
 *      beyond an end): t &lt;- 0.1 |high - low| inside the nearer end
 *   if phi(t) &gt; f + c1 t gtd or phi(t) &gt;= phi(low):   high &lt;- t
 *   else:  if |phi'(t)| &lt;= -c2 gtd: accept t after this update
 *          if phi'(t) (high - low) &gt;= 0: high &lt;- low
 *          low &lt;- t
 * result: low, phi(low) and the gradient there
 * </pre>
 *
 * <p>{@code cubic(a, b)} is the minimiser of the cubic through {@code (a, phi(a), phi'(a))} and
 * {@code (b, phi(b), phi'(b))}, clamped to the given interval, or the interval's midpoint where
 * the cubic has none. Every {@code max} and {@code min} keeps its first argument unless the
 * second is strictly larger (smaller), as Python's built-ins, so NaN behaves as in torch.
 * Gradients live in three buffers allocated once; a search allocates nothing.
 */
final class StrongWolfe {

    /** The sufficient-decrease constant. */
    static final double C1 = 1e-4;
    /** The curvature constant. */
    static final double C2 = 0.9;
    /** The most iterations (and evaluations after the first) of one search. */
    static final int MAX_ITERATIONS = 25;
    /** The bracket, times {@code max |d_i|}, below which zooming stops (fixed, as in torch). */
    static final double TOLERANCE_CHANGE = 1e-9;

    /** The cost along the line. */
    interface Objective {
        /** {@code phi(t)}, writing {@code grad C(theta + t d)} into {@code gradient}; leaves theta unchanged. */
        double at(double t, double[] gradient);
    }

    private final double[][] pool;
    private final double[] bt = new double[2];
    private final double[] bf = new double[2];
    private final double[] bgtd = new double[2];
    private final double[][] bg = new double[2][];
    private double step;
    private double cost;
    private int evaluations;

    StrongWolfe(int n) {
        pool = new double[][] {new double[n], new double[n], new double[n]};
    }

    /** The step length found by the last search. */
    double step() {
        return step;
    }

    /** The cost at the step found by the last search. */
    double cost() {
        return cost;
    }

    /** The number of evaluations of the last search. */
    int evaluations() {
        return evaluations;
    }

    /**
     * Searches along {@code d} from {@code t}; {@code g} is the gradient at {@code t = 0}, read
     * during the search and overwritten at the end with the gradient at the step found.
     */
    void search(Objective phi, double t, double[] d, double f, double[] g, double gtd) {
        double dNorm = ParameterVector.maxAbs(d, 1.0);
        double[] gNew = free(null, null);
        double fNew = phi.at(t, gNew);
        int evals = 1;
        double gtdNew = ParameterVector.dot(gNew, d);

        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int size = 0;
        int iter = 0;
        while (iter < MAX_ITERATIONS) {
            if (fNew > f + C1 * t * gtd || (iter > 1 && fNew >= fPrev)) {
                size = bracket(tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bt[0] = t;
                bf[0] = fNew;
                bg[0] = gNew;
                size = 1;
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                size = bracket(tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubic(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            gNew = free(gPrev, null);
            fNew = phi.at(t, gNew);
            evals++;
            gtdNew = ParameterVector.dot(gNew, d);
            iter++;
        }
        if (iter == MAX_ITERATIONS) {
            bt[0] = 0;
            bt[1] = t;
            bf[0] = f;
            bf[1] = fNew;
            bg[0] = g;
            bg[1] = gNew;
            size = 2;
        }

        boolean insufficientProgress = false;
        int low = bf[0] <= bf[size - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && iter < MAX_ITERATIONS) {
            if (Math.abs(bt[1] - bt[0]) * dNorm < TOLERANCE_CHANGE) {
                break;
            }
            t = cubic(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], lower(bt[0], bt[1]), upper(bt[0], bt[1]));
            double hi = max(bt[0], bt[1]);
            double lo = min(bt[0], bt[1]);
            double eps = 0.1 * (hi - lo);
            if (min(hi - t, t - lo) < eps) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            gNew = free(bg[0], bg[1]);
            fNew = phi.at(t, gNew);
            evals++;
            gtdNew = ParameterVector.dot(gNew, d);
            iter++;
            if (fNew > f + C1 * t * gtd || fNew >= bf[low]) {
                set(high, t, fNew, gNew, gtdNew);
                low = bf[0] <= bf[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bt[high] - bt[low]) >= 0) {
                    set(high, bt[low], bf[low], bg[low], bgtd[low]);
                }
                set(low, t, fNew, gNew, gtdNew);
            }
        }
        step = bt[low];
        cost = bf[low];
        evaluations = evals;
        System.arraycopy(bg[low], 0, g, 0, g.length);
        bg[0] = null;
        bg[1] = null;
    }

    private int bracket(double t0, double f0, double[] g0, double gtd0, double t1, double f1, double[] g1,
                        double gtd1) {
        set(0, t0, f0, g0, gtd0);
        set(1, t1, f1, g1, gtd1);
        return 2;
    }

    private void set(int i, double t, double f, double[] g, double gtd) {
        bt[i] = t;
        bf[i] = f;
        bg[i] = g;
        bgtd[i] = gtd;
    }

    /** A gradient buffer that is neither {@code a} nor {@code b} (both may be null or foreign). */
    private double[] free(double[] a, double[] b) {
        for (double[] buffer : pool) {
            if (buffer != a && buffer != b) {
                return buffer;
            }
        }
        throw new AssertionError("no free gradient buffer");
    }

    /**
     * The minimiser of the cubic through {@code (x1, f1)} with slope {@code g1} and {@code (x2, f2)}
     * with slope {@code g2}, clamped to {@code [lo, hi]}; the midpoint of {@code [lo, hi]} if the
     * cubic has no real minimiser.
     */
    static double cubic(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return min(max(minPos, lo), hi);
        }
        return (lo + hi) / 2.0;
    }

    /** The interval {@code cubic} is clamped to without explicit bounds: the pair, ordered. */
    private static double lower(double x1, double x2) {
        return x1 <= x2 ? x1 : x2;
    }

    private static double upper(double x1, double x2) {
        return x1 <= x2 ? x2 : x1;
    }

    /** {@code a} unless {@code b > a} (Python's {@code max(a, b)}). */
    static double max(double a, double b) {
        return b > a ? b : a;
    }

    /** {@code a} unless {@code b < a} (Python's {@code min(a, b)}). */
    static double min(double a, double b) {
        return b < a ? b : a;
    }
}
