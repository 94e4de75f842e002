package io.github.matrixbackprop.train;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.optim.CostFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * The trainer's cost function in full-batch mode: the cost over the whole training set (weighted
 * if it has sample weights) and its gradient, evaluated in chunks of at most {@code chunk}
 * samples, {@code C = sum_c N_c C_c / sum_c N_c} and likewise the gradient, {@code N_c} the
 * chunk's normaliser ({@link Backprop#normaliser()}: its size {@code m_c} for an unweighted loss)
 * (with one chunk, exactly the engine's result). Counts its evaluations per step, keeps the accuracy at the
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
    private final DMatrixRMaj sb;
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
        sb = new DMatrixRMaj(this.chunk, 1);
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
        boolean weighted = data.hasSampleWeights();
        if (chunk == m) {
            cost = weighted ? engine.compute(data.features(), data.targets(), data.sampleWeights(), out)
                    : engine.compute(data.features(), data.targets(), out);
            if (first && kind != null) {
                correct = Trainer.score(kind, engine.output(), data.targets());
            }
        } else {
            // C = sum_c N_c C_c / sum_c N_c and likewise the gradient, N_c the chunk's normaliser
            // (its size, or its sum of sample or class weights)
            out.zero();
            double sum = 0;
            double norm = 0;
            for (int from = 0; from < m; from += chunk) {
                int to = Math.min(m, from + chunk);
                double c;
                if (weighted) {
                    data.gather(rows, from, to, xb, yb, sb);
                    c = engine.compute(xb, yb, sb, part);
                } else {
                    data.gather(rows, from, to, xb, yb);
                    c = engine.compute(xb, yb, part);
                }
                double n = engine.normaliser();
                sum += n * c;
                norm += n;
                for (int l = 1; l <= out.depth(); l++) {
                    addScaled(out.weights(l), n, part.weights(l));
                    addScaled(out.bias(l), n, part.bias(l));
                }
                if (first && kind != null) {
                    correct += Trainer.score(kind, engine.output(), yb);
                }
            }
            double inv = norm > 0 ? 1.0 / norm : 0.0;
            cost = sum * inv;
            for (int l = 1; l <= out.depth(); l++) {
                scale(out.weights(l), inv);
                scale(out.bias(l), inv);
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

    private static void scale(DMatrixRMaj target, double w) {
        for (int i = 0; i < target.getNumElements(); i++) {
            target.data[i] *= w;
        }
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
