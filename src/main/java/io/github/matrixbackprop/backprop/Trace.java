package io.github.matrixbackprop.backprop;

import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A record of one backpropagation run, step by step: which equation of math.md the engine
 * applied (forward, E1, E2, E3b, E4b), to which layer, and the shapes involved. Pass one to
 * {@link Backprop#compute(org.ejml.data.DMatrixRMaj, org.ejml.data.DMatrixRMaj, Gradients, Trace)};
 * {@link #toString()} prints it, one step per line. Meant for teaching and debugging: recording
 * allocates. Not thread-safe.
 */
public final class Trace {

    /**
     * One step.
     *
     * @param equation {@code forward}, {@code E1}, {@code E2}, {@code E3b} or {@code E4b}
     * @param layer    the layer {@code l}
     * @param formula  the formula applied, in math.md's notation
     * @param shapes   the shapes of the operands and the result
     */
    public record Step(String equation, int layer, String formula, String shapes) {

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%-7s l=%d  %-46s %s", equation, layer, formula, shapes);
        }
    }

    private final List<Step> steps = new ArrayList<>();

    void add(String equation, int layer, String formula, String shapes) {
        steps.add(new Step(equation, layer, formula, shapes));
    }

    /** The forward step of layer {@code l}: {@code Z^l = W^l A^{l-1} + b^l 1^T, A^l = f(Z^l)}, on {@code m} samples. */
    void forward(int l, String activation, DMatrixRMaj w, DMatrixRMaj b, int m) {
        add("forward", l, "Z^" + l + " = W^" + l + " A^" + (l - 1) + " + b^" + l + " 1^T, A^" + l + " = " + activation
                + "(Z^" + l + ")", "W " + Checks.shape(w) + ", A^" + (l - 1) + " " + w.numCols + "x" + m + ", b "
                + Checks.shape(b) + " -> Z^" + l + ", A^" + l + " " + w.numRows + "x" + m);
    }

    /** (E1) at the output layer {@code L}. */
    void outputDelta(int depth, String loss, String activation, DMatrixRMaj y, DMatrixRMaj delta) {
        add("E1", depth, "Delta^" + depth + " = (1/N) J_f(Z^" + depth + ")^T grad_a l", loss + " after " + activation
                + ": A^" + depth + ", Y " + Checks.shape(y) + " -> Delta^" + depth + " " + Checks.shape(delta));
    }

    /** (E3b) and (E4b) of layer {@code l}: the weight and bias gradients from {@code Delta^l}. */
    void gradients(int l, DMatrixRMaj delta, int inputs, DMatrixRMaj gradW, DMatrixRMaj gradB) {
        add("E3b", l, "grad_W^" + l + " = Delta^" + l + " (A^" + (l - 1) + ")^T", "Delta^" + l + " "
                + Checks.shape(delta) + ", (A^" + (l - 1) + ")^T " + delta.numCols + "x" + inputs + " -> "
                + Checks.shape(gradW));
        add("E4b", l, "grad_b^" + l + " = Delta^" + l + " 1_m", "Delta^" + l + " " + Checks.shape(delta) + " -> "
                + Checks.shape(gradB));
    }

    /** (E2) from layer {@code l} down to {@code l - 1}. */
    void hiddenDelta(int l, DMatrixRMaj w, DMatrixRMaj delta, DMatrixRMaj below) {
        add("E2", l - 1, "Delta^" + (l - 1) + " = J_f(Z^" + (l - 1) + ")^T (W^" + l + ")^T Delta^" + l, "(W^" + l
                + ")^T " + w.numCols + "x" + w.numRows + ", Delta^" + l + " " + Checks.shape(delta) + " -> Delta^"
                + (l - 1) + " " + Checks.shape(below));
    }

    /**
     * The steps in the order they ran (unmodifiable view).
     *
     * @return the recorded steps
     */
    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** Forgets every step. */
    public void clear() {
        steps.clear();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(s).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
