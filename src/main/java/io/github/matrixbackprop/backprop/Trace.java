package io.github.matrixbackprop.backprop;

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
