package io.github.matrixbackprop.check;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Compares the engine's gradient with an independent reference, for any network, batch and
 * loss, and reports per layer and per tensor the largest relative error
 * {@code |x - ref| / max(1, |ref|)} and where it occurred.
 *
 * <p>What each reference proves:
 * <ul>
 *   <li>{@link #finiteDifferences()}: central differences of the cost, computed from forward
 *       values only. It proves the whole gradient, including every activation's and the loss's
 *       derivatives; its error is {@code O(h^2)} plus rounding, so tolerances are about
 *       {@code 1e-7}. Use it (or {@link ActivationCheck} for an activation alone) to check an
 *       activation or a loss of your own.</li>
 *   <li>{@link #jacobianChain()}: the explicit product of dense Jacobians. It proves that the
 *       engine's delta recursion (E1)-(E4b), with its fused paths and kernels, equals the
 *       Jacobian product of the papers to rounding ({@code 1e-12}); it builds each Jacobian from
 *       the activation's own {@code jacobian}/{@code derivative} and the loss's own
 *       {@code gradient}, so it cannot detect a wrong derivative.</li>
 * </ul>
 *
 * <pre>{@code
 * GradientCheckReport r = GradientCheck.finiteDifferences().check(network, loss, x, y);
 * if (!r.passes(1e-7)) System.out.println(r);
 * }</pre>
 *
 * <p>Immutable configuration. Nothing passed to {@link #check} is modified.
 *
 * @param reference which reference to compare with
 * @param step      the relative step of finite differences (ignored by the Jacobian chain)
 */
public record GradientCheck(Reference reference, double step) {

    /** The available references. */
    public enum Reference {
        /** {@link FiniteDifferences}: central differences of the cost. */
        FINITE_DIFFERENCES,
        /** {@link JacobianChain}: the explicit product of dense Jacobians. */
        JACOBIAN_CHAIN
    }

    /**
     * Validates the configuration.
     *
     * @param reference which reference to compare with
     * @param step the relative step of finite differences (ignored by the Jacobian chain)
     */
    public GradientCheck {
        Checks.notNull(reference, "reference");
        Checks.positive(step, "finite-difference step");
    }

    /**
     * A check against central finite differences of the cost with the default step: proves the
     * gradient including every derivative (see the class comment).
     *
     * @return the check
     */
    public static GradientCheck finiteDifferences() {
        return new GradientCheck(Reference.FINITE_DIFFERENCES, FiniteDifferences.DEFAULT_STEP);
    }

    /**
     * A check against the explicit Jacobian chain: proves the recursion, not the derivatives it is
     * built from (see the class comment).
     *
     * @return the check
     */
    public static GradientCheck jacobianChain() {
        return new GradientCheck(Reference.JACOBIAN_CHAIN, FiniteDifferences.DEFAULT_STEP);
    }

    /**
     * The same check with another finite-difference step.
     *
     * @param newStep the new {@code step}: the relative step of finite differences (ignored by the Jacobian chain)
     * @return a copy that differs only in {@code step}; this one is unchanged
     */
    public GradientCheck withStep(double newStep) {
        return new GradientCheck(reference, newStep);
    }

    /**
     * Runs the engine and the reference on the batch and compares every gradient element.
     *
     * @param x inputs, {@code m x n_0}, one sample per row
     * @param y targets, {@code m x n_L}, one sample per row
     * @param network the network; not modified
     * @param loss the loss
     * @return the worst errors per tensor
     */
    public GradientCheckReport check(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y) {
        return check(new Backprop(network, loss), x, y);
    }

    /**
     * As {@link #check(Network, Loss, DMatrixRMaj, DMatrixRMaj)} with a given engine (and its kernel).
     *
     * @param engine the engine under test
     * @param x inputs, {@code m x n_0}, one sample per row
     * @param y targets, {@code m x n_L}, one sample per row
     * @return the worst errors per tensor
     */
    public GradientCheckReport check(Backprop engine, DMatrixRMaj x, DMatrixRMaj y) {
        Checks.notNull(engine, "engine");
        Gradients mine = Gradients.zerosLike(engine.network());
        double cost = engine.compute(x, y, mine);
        Gradients ref;
        String name;
        if (reference == Reference.FINITE_DIFFERENCES) {
            ref = FiniteDifferences.gradient(engine.network(), engine.loss(), x, y, step);
            name = String.format(java.util.Locale.ROOT, "finite differences (step %.1e)", step);
        } else {
            ref = JacobianChain.gradient(engine.network(), engine.loss(), x, y);
            name = "the explicit Jacobian chain";
        }
        return compare(mine, ref, name, cost);
    }

    /**
     * As {@link #check(Network, Loss, DMatrixRMaj, DMatrixRMaj)} for the weighted cost
     * {@code C = sum_i s_i l_i / sum_i s_i rho_i} (see {@link Backprop#compute(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)}).
     *
     * @param network the network; not modified
     * @param loss the loss
     * @param x inputs, {@code m x n_0}, one sample per row
     * @param y targets, {@code m x n_L}, one sample per row
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}
     * @return the worst errors per tensor
     */
    public GradientCheckReport check(Network network, Loss loss, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        return check(new Backprop(network, loss), x, y, s);
    }

    /**
     * As {@link #check(Backprop, DMatrixRMaj, DMatrixRMaj)} for the weighted cost, with sample weights {@code s}.
     *
     * @param engine the engine under test
     * @param x inputs, {@code m x n_0}, one sample per row
     * @param y targets, {@code m x n_L}, one sample per row
     * @param s the sample weights, {@code m x 1}, finite and {@code >= 0}
     * @return the worst errors per tensor
     */
    public GradientCheckReport check(Backprop engine, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj s) {
        Checks.notNull(engine, "engine");
        Checks.notNull(s, "sample weights s");
        Gradients mine = Gradients.zerosLike(engine.network());
        double cost = engine.compute(x, y, s, mine);
        Gradients ref;
        String name;
        if (reference == Reference.FINITE_DIFFERENCES) {
            ref = FiniteDifferences.gradient(engine.network(), engine.loss(), x, y, s, step);
            name = String.format(java.util.Locale.ROOT, "finite differences (step %.1e)", step);
        } else {
            ref = JacobianChain.gradient(engine.network(), engine.loss(), x, y, s);
            name = "the explicit Jacobian chain";
        }
        return compare(mine, ref, name, cost);
    }

    /**
     * Compares two gradients of the same shapes element by element.
     *
     * @param engine        the gradient under test
     * @param reference     the reference gradient
     * @param referenceName how the report names the reference
     * @param cost          the cost to put in the report
     * @return the worst errors per tensor
     */
    public static GradientCheckReport compare(Gradients engine, Gradients reference, String referenceName,
                                              double cost) {
        if (engine.depth() != reference.depth()) {
            throw new IllegalArgumentException("the gradients have " + engine.depth() + " and " + reference.depth()
                    + " layers");
        }
        List<TensorError> out = new ArrayList<>();
        for (int l = 1; l <= engine.depth(); l++) {
            out.add(worst(l, "W", engine.weights(l), reference.weights(l)));
            out.add(worst(l, "b", engine.bias(l), reference.bias(l)));
        }
        return new GradientCheckReport(referenceName, cost, out);
    }

    /**
     * The relative error used throughout: {@code |x - ref| / max(1, |ref|)}.
     *
     * @param x the value under test
     * @param ref the reference value
     * @return the relative error
     */
    public static double relativeError(double x, double ref) {
        return Math.abs(x - ref) / Math.max(1.0, Math.abs(ref));
    }

    private static TensorError worst(int layer, String tensor, DMatrixRMaj mine, DMatrixRMaj ref) {
        if (mine.numRows != ref.numRows || mine.numCols != ref.numCols) {
            throw Checks.mismatch("layer " + layer + ": ", "grad_" + tensor + " under test", mine,
                    "grad_" + tensor + " of the reference", ref, "they must match");
        }
        int at = 0;
        double max = -1.0;
        for (int i = 0; i < mine.getNumElements(); i++) {
            double e = relativeError(mine.data[i], ref.data[i]);
            if (Double.isNaN(e)) {
                at = i;
                max = Double.NaN;
                break;
            }
            if (e > max) {
                max = e;
                at = i;
            }
        }
        return new TensorError(layer, tensor, max, at / mine.numCols, at % mine.numCols, mine.data[at], ref.data[at]);
    }
}
