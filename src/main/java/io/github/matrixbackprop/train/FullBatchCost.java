package io.github.matrixbackprop.train;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.optim.CostFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * The trainer's cost function in full-batch mode: the mean cost over the whole training set and
 * its gradient, evaluated in chunks of at most {@code chunk} samples,
 * {@code C = sum_c (m_c / m) C_c} and {@code grad C = sum_c (m_c / m) grad C_c} (with one chunk,
 * exactly the engine's result). Counts its evaluations per step, keeps the accuracy at the
 * first one (the parameters the step starts from), and stops the step with
 * {@link NonFinite} when a cost or gradient is not finite. Allocates nothing per evaluation.
 */
final class FullBatchCost implements CostFunction {

    private final Backprop engine;
    private final Dataset data;
    private final int chunk;
    private final AccuracyKind kind;
    private final int[] rows;
    private final DMatrixRMaj xb;
    private final DMatrixRMaj yb;
    private final Gradients part;
    private int evaluations;
    private double firstCorrect;

    FullBatchCost(Backprop engine, Dataset data, int chunk, AccuracyKind kind) {
        this.engine = engine;
        this.data = data;
        this.chunk = Math.min(chunk, data.size());
        this.kind = kind;
        int m = data.size();
        rows = new int[m];
        for (int i = 0; i < m; i++) {
            rows[i] = i;
        }
        xb = new DMatrixRMaj(this.chunk, data.featureCount());
        yb = new DMatrixRMaj(this.chunk, data.targetWidth());
        part = Gradients.zerosLike(engine.network());
    }

    /** Starts counting the evaluations of a new step. */
    void startStep() {
        evaluations = 0;
        firstCorrect = 0;
    }

    /** The summed accuracy score over the training set at the first evaluation of the step. */
    double firstCorrect() {
        return firstCorrect;
    }

    @Override
    public double evaluate(Gradients out) {
        evaluations++;
        boolean first = evaluations == 1;
        int m = data.size();
        double cost;
        double correct = 0;
        if (chunk == m) {
            cost = engine.compute(data.features(), data.targets(), out);
            if (first && kind != null) {
                correct = Trainer.score(kind, engine.output(), data.targets());
            }
        } else {
            out.zero();
            cost = 0;
            for (int from = 0; from < m; from += chunk) {
                int to = Math.min(m, from + chunk);
                data.gather(rows, from, to, xb, yb);
                double w = (double) (to - from) / m;
                cost += w * engine.compute(xb, yb, part);
                for (int l = 1; l <= out.depth(); l++) {
                    addScaled(out.weights(l), w, part.weights(l));
                    addScaled(out.bias(l), w, part.bias(l));
                }
                if (first && kind != null) {
                    correct += Trainer.score(kind, engine.output(), yb);
                }
            }
        }
        if (!Double.isFinite(cost)) {
            throw new NonFinite("the cost is " + cost + " at evaluation " + evaluations + " of the L-BFGS step");
        }
        String bad = Trainer.firstNonFinite(out);
        if (bad != null) {
            throw new NonFinite("the gradient " + bad + " is not finite at evaluation " + evaluations
                    + " of the L-BFGS step");
        }
        if (first) {
            firstCorrect = correct;
        }
        return cost;
    }

    private static void addScaled(DMatrixRMaj target, double w, DMatrixRMaj x) {
        for (int i = 0; i < target.getNumElements(); i++) {
            target.data[i] += w * x.data[i];
        }
    }

    /** A cost or gradient that is not finite: ends the step; the trainer rolls it back. */
    static final class NonFinite extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NonFinite(String what) {
            super(what, null, false, false);
        }
    }
}
