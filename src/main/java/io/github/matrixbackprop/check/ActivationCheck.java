package io.github.matrixbackprop.check;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Checks an activation's derivatives against its own forward values: the one check that proves
 * an activation you wrote yourself is differentiated correctly.
 *
 * <p>The reference is the central-difference Jacobian of {@link Activation#forward} alone,
 * column by column ({@code h = step * max(1, |z_k|)}, rounded to a representable difference):
 * <pre>
 * J_fd[r][k] = (f(z + h e_k)_r - f(z - h e_k)_r) / (2h)
 * </pre>
 * Against it, every derivative the engine and the curvature products use:
 * <ul>
 *   <li>{@code jacobian}: {@code J_f(z)} (for an element-wise activation, {@code diag(f'(z))}
 *       from {@code derivative});</li>
 *   <li>{@code applyJacobianTranspose}: {@code J_f(z)^T g}, the step of (E1) and (E2);</li>
 *   <li>{@code applyJacobian}: {@code J_f(z) v}, used by Hessian-vector products;</li>
 *   <li>{@code applyJacobianTransposeDirectional}: {@code R{J_f}^T u}, compared with central
 *       differences of {@code applyJacobianTranspose} along {@code rz} (so it is checked against the
 *       first derivative, which is itself checked against the forward values).</li>
 * </ul>
 * An operation the activation does not implement ({@link UnsupportedOperationException}) is
 * listed as not checked. Errors are relative, {@code |x - ref| / max(1, |ref|)}; with the default
 * step they are typically below {@code 1e-8} for a correct smooth activation, while a wrong
 * derivative shows up at its own size. A difference that straddles a kink is wrong by design:
 * the default points keep at least {@code 1e-3} away from {@code 0}, where the built-in
 * activations have theirs; pass your own points for kinks elsewhere.
 *
 * <p>Compare: {@link GradientCheck#jacobianChain()} proves that the engine's delta recursion
 * agrees with the explicit Jacobian product built from the same derivatives, so it cannot catch a
 * wrong derivative; {@link GradientCheck#finiteDifferences()} checks the whole network's gradient,
 * derivatives included, against differences of the cost.
 */
public final class ActivationCheck {

    /** Units per sample in the default points. */
    public static final int DEFAULT_UNITS = 4;
    /** Samples (columns) in the default points. */
    public static final int DEFAULT_SAMPLES = 6;

    private ActivationCheck() {
    }

    /**
     * Checks {@code f} at seeded points: a {@value #DEFAULT_UNITS} x {@value #DEFAULT_SAMPLES}
     * matrix of potentials uniform in {@code [-3, 3]}, each at least {@code 1e-3} away from 0,
     * with step {@link FiniteDifferences#DEFAULT_STEP}.
     *
     * @param f the activation under test
     * @return the worst error of each derivative operation
     */
    public static ActivationCheckReport check(Activation f) {
        SplittableRandom random = new SplittableRandom(20_211_214L);
        DMatrixRMaj z = new DMatrixRMaj(DEFAULT_UNITS, DEFAULT_SAMPLES);
        for (int i = 0; i < z.getNumElements(); i++) {
            double v = random.nextDouble(-3.0, 3.0);
            z.data[i] = Math.abs(v) < 1e-3 ? 0.5 : v;
        }
        return check(f, z, FiniteDifferences.DEFAULT_STEP);
    }

    /**
     * Checks {@code f} at the potentials {@code z}, one sample per column (as in the engine).
     *
     * @param f the activation under test
     * @param z the potentials, {@code n x m}, finite; not modified
     * @param step the relative finite-difference step, finite and {@code > 0}
     * @return the worst error of each derivative operation
     * @throws IllegalArgumentException if {@code z} is empty or not finite, or {@code step} is not positive
     */
    public static ActivationCheckReport check(Activation f, DMatrixRMaj z, double step) {
        Checks.notNull(f, "activation");
        Checks.nonEmpty(z, "potentials z");
        Checks.allFinite(z, "potentials z");
        Checks.positive(step, "finite-difference step");
        int n = z.numRows;
        int m = z.numCols;
        SplittableRandom random = new SplittableRandom(7L);
        DMatrixRMaj g = uniform(random, n, m);
        DMatrixRMaj v = uniform(random, n, m);
        DMatrixRMaj a = new DMatrixRMaj(n, m);
        f.forward(z, a);

        List<ActivationCheckReport.Result> results = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        Worst jac = new Worst("jacobian: J_f(z)");
        Worst jt = new Worst("applyJacobianTranspose: J_f(z)^T g");
        Worst jv = new Worst("applyJacobian: J_f(z) v");
        DMatrixRMaj jtOut = g.copy();
        f.applyJacobianTranspose(z, a, jtOut);
        DMatrixRMaj jvOut = v.copy();
        boolean hasJv = supported(() -> f.applyJacobian(z, a, jvOut));
        for (int i = 0; i < m; i++) {
            DMatrixRMaj zi = column(z, i);
            DMatrixRMaj fd = jacobianOfForward(f, zi, step);
            DMatrixRMaj explicit = f.jacobian(zi);
            Checks.shape(explicit, n, n, "jacobian of activation " + f.name());
            for (int r = 0; r < n; r++) {
                double refT = 0;
                double refV = 0;
                for (int k = 0; k < n; k++) {
                    jac.offer(explicit.get(r, k), fd.get(r, k), r, k + n * i);
                    refT += fd.get(k, r) * g.get(k, i);
                    refV += fd.get(r, k) * v.get(k, i);
                }
                jt.offer(jtOut.get(r, i), refT, r, i);
                jv.offer(jvOut.get(r, i), refV, r, i);
            }
        }
        results.add(jac.result());
        results.add(jt.result());
        if (hasJv) {
            results.add(jv.result());
        } else {
            notChecked.add("applyJacobian");
        }
        DMatrixRMaj second = new DMatrixRMaj(n, m);
        if (supported(() -> f.applyJacobianTransposeDirectional(z, a, v, g, second))) {
            results.add(directional(f, z, v, g, second, step));
        } else {
            notChecked.add("applyJacobianTransposeDirectional");
        }
        return new ActivationCheckReport(f.name(), step, results, notChecked);
    }

    /** Central differences of {@code J_f(z + t rz)^T u} in {@code t}, against {@code out}. */
    private static ActivationCheckReport.Result directional(Activation f, DMatrixRMaj z, DMatrixRMaj rz,
                                                            DMatrixRMaj u, DMatrixRMaj out, double step) {
        int n = z.numRows;
        int m = z.numCols;
        Worst w = new Worst("applyJacobianTransposeDirectional: R{J_f}^T u");
        for (int i = 0; i < m; i++) {
            double scale = 1.0;
            for (int k = 0; k < n; k++) {
                scale = Math.max(scale, Math.abs(z.get(k, i)));
            }
            double h = step * scale;
            DMatrixRMaj up = new DMatrixRMaj(n, 1);
            DMatrixRMaj down = new DMatrixRMaj(n, 1);
            for (int k = 0; k < n; k++) {
                up.data[k] = z.get(k, i) + h * rz.get(k, i);
                down.data[k] = z.get(k, i) - h * rz.get(k, i);
            }
            DMatrixRMaj gUp = column(u, i);
            DMatrixRMaj gDown = column(u, i);
            DMatrixRMaj aUp = new DMatrixRMaj(n, 1);
            DMatrixRMaj aDown = new DMatrixRMaj(n, 1);
            f.forward(up, aUp);
            f.forward(down, aDown);
            f.applyJacobianTranspose(up, aUp, gUp);
            f.applyJacobianTranspose(down, aDown, gDown);
            for (int r = 0; r < n; r++) {
                w.offer(out.get(r, i), (gUp.data[r] - gDown.data[r]) / (2 * h), r, i);
            }
        }
        return w.result();
    }

    /** The central-difference Jacobian of {@code forward} at one sample {@code z} ({@code n x 1}). */
    private static DMatrixRMaj jacobianOfForward(Activation f, DMatrixRMaj z, double step) {
        int n = z.numRows;
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        DMatrixRMaj shifted = z.copy();
        DMatrixRMaj aUp = new DMatrixRMaj(n, 1);
        DMatrixRMaj aDown = new DMatrixRMaj(n, 1);
        for (int k = 0; k < n; k++) {
            double zk = z.data[k];
            double h = step * Math.max(1.0, Math.abs(zk));
            double up = zk + h;
            double down = zk - h;
            shifted.data[k] = up;
            f.forward(shifted, aUp);
            shifted.data[k] = down;
            f.forward(shifted, aDown);
            shifted.data[k] = zk;
            for (int r = 0; r < n; r++) {
                j.set(r, k, (aUp.data[r] - aDown.data[r]) / (up - down));
            }
        }
        return j;
    }

    private static boolean supported(Runnable operation) {
        try {
            operation.run();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static DMatrixRMaj column(DMatrixRMaj x, int i) {
        DMatrixRMaj c = new DMatrixRMaj(x.numRows, 1);
        for (int r = 0; r < x.numRows; r++) {
            c.data[r] = x.get(r, i);
        }
        return c;
    }

    private static DMatrixRMaj uniform(SplittableRandom random, int n, int m) {
        DMatrixRMaj x = new DMatrixRMaj(n, m);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = random.nextDouble(-1.0, 1.0);
        }
        return x;
    }

    /** The running worst relative error of one operation; NaN counts as worst. */
    private static final class Worst {
        private final String operation;
        private double error = -1;
        private int row;
        private int column;
        private double value;
        private double reference;

        Worst(String operation) {
            this.operation = operation;
        }

        void offer(double x, double ref, int r, int c) {
            double e = GradientCheck.relativeError(x, ref);
            if (Double.isNaN(error)) {
                return;
            }
            if (Double.isNaN(e) || e > error) {
                error = e;
                row = r;
                column = c;
                value = x;
                reference = ref;
            }
        }

        ActivationCheckReport.Result result() {
            return new ActivationCheckReport.Result(operation, Math.max(error, 0.0), row, column, value, reference);
        }
    }
}
