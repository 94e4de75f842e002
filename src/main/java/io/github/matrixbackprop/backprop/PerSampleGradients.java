package io.github.matrixbackprop.backprop;

import io.github.matrixbackprop.kernel.MatrixKernel;
import io.github.matrixbackprop.kernel.RowOps;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * The gradient of every sample's own cost {@code c_i = c(a_i^L, y_i)} from one batch pass,
 * without running the network {@code m} times. The engine's {@code Delta^l} holds
 * {@code delta_i^l / m} in column {@code i} (the batch mean is folded into (E1)), so by (E3) and
 * (E4) for one sample:
 *
 * <pre>
 * grad_{W^l} c_i = m Delta^l[:, i] (a_i^{l-1})^T,   grad_{b^l} c_i = m Delta^l[:, i]
 * ||grad c_i||^2 = m^2 sum_l ||Delta^l[:, i]||^2 (||a_i^{l-1}||^2 + 1)      (||u v^T||_F = ||u|| ||v||)
 * </pre>
 *
 * so the norms cost {@code O(sum_l n_l m)} and no per-sample matrix is formed. The clipped mean
 * {@code (1/m) sum_i f_i grad c_i} is one product per layer, {@code (Delta^l diag(f)) (A^{l-1})^T},
 * which is what differentially private SGD ({@code optim.DpSgd}) needs.
 *
 * <p>With a class-weighted loss (see {@link io.github.matrixbackprop.loss.Loss}) the batch cost is
 * {@code C = sum_i l_i / N} with {@code N = sum_i w_{y_i}} ({@link Backprop#normaliser()}) instead of
 * the mean; everything above then holds with {@code m} replaced by {@code N} and {@code c_i} by the
 * sample's term {@code l_i} ({@code = w_{y_i} c_i} without label smoothing; docs/math.md, "Weighted
 * costs and loss options"). For every other loss {@code N = m}. If {@code N = 0}, every
 * per-sample gradient is 0.
 *
 * <p>Wraps an engine; valid after {@link #compute} until the engine's next call. Computes the
 * network without dropout (the layers' dropout rates are ignored). Reuses its buffers (no
 * allocation after warm-up, except {@link #sample(int)}). Not thread-safe.
 */
public final class PerSampleGradients {

    private final Backprop engine;
    private final DMatrixRMaj[] scaled;
    private DMatrixRMaj x;
    private int m;
    /** {@code N} of the last compute: {@code m} unless the loss weights classes. */
    private double normaliser;
    private double[] factors = new double[0];

    /**
     * Per-sample gradients computed with {@code engine} (its network, loss and kernel).
     *
     * @param engine the engine whose forward and backward pass to use
     */
    public PerSampleGradients(Backprop engine) {
        this.engine = Checks.notNull(engine, "engine");
        int depth = engine.network().depth();
        scaled = new DMatrixRMaj[depth + 1];
        for (int l = 1; l <= depth; l++) {
            scaled[l] = new DMatrixRMaj(engine.network().width(l), 0);
        }
    }

    /**
     * The engine.
     *
     * @return the engine
     */
    public Backprop engine() {
        return engine;
    }

    /**
     * Runs the engine on the batch ({@code x}: {@code m x n_0}, {@code y}: {@code m x n_L}, rows
     * are samples) and keeps what the per-sample quantities need; {@code engine().gradients()}
     * then holds the batch gradient. {@code x} is read again by the later calls: do not modify it
     * in between.
     *
     * @param x inputs, {@code m x n_0}; not modified
     * @param y targets, {@code m x n_L}; not modified
     * @return the batch cost {@code C}
     */
    public double compute(DMatrixRMaj x, DMatrixRMaj y) {
        double cost = engine.compute(x, y);
        this.x = x;
        this.m = x.numRows;
        this.normaliser = engine.normaliser();
        return cost;
    }

    /**
     * {@code m}, the batch size of the last {@link #compute}.
     *
     * @return the batch size {@code m}
     */
    public int batchSize() {
        requireComputed();
        return m;
    }

    /**
     * A new {@link Gradients} holding {@code grad c_i} (allocates; see {@link #sample(int, Gradients)}).
     *
     * @param i the sample, {@code 0..m-1}
     * @return the gradient of {@code c_i}
     */
    public Gradients sample(int i) {
        Gradients g = Gradients.zerosLike(engine.network());
        sample(i, g);
        return g;
    }

    /**
     * Writes {@code grad_{W^l} c_i = m Delta^l[:, i] (a_i^{l-1})^T} and {@code grad_{b^l} c_i} into {@code out}
     * ({@code N} and {@code l_i} with class weights, see the class comment).
     *
     * @param i the sample, {@code 0..m-1}
     * @param out receives the gradient of {@code c_i}; overwritten
     */
    public void sample(int i, Gradients out) {
        requireSample(i);
        out.requireShapeOf(engine.network());
        for (int l = 1; l <= out.depth(); l++) {
            DMatrixRMaj d = engine.delta(l);
            DMatrixRMaj gw = out.weights(l);
            int rows = gw.numRows;
            int cols = gw.numCols;
            for (int r = 0; r < rows; r++) {
                double dr = normaliser * d.data[r * m + i];
                out.bias(l).data[r] = dr;
                for (int c = 0; c < cols; c++) {
                    gw.data[r * cols + c] = dr * previous(l, c, i);
                }
            }
        }
    }

    /**
     * Writes {@code ||grad c_i||} (all parameters together) for every sample {@code i < m} into {@code out}.
     *
     * @param out receives the norms; length at least {@code m}
     */
    public void norms(double[] out) {
        requireComputed();
        Checks.notNull(out, "norms");
        if (out.length < m) {
            throw new IllegalArgumentException("norms has room for " + out.length + " samples but the batch has " + m);
        }
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int l = 1; l <= engine.network().depth(); l++) {
                DMatrixRMaj d = engine.delta(l);
                double dd = 0;
                for (int r = 0; r < d.numRows; r++) {
                    double v = d.data[r * m + i];
                    dd += v * v;
                }
                double aa = 0;
                int n = engine.network().width(l - 1);
                for (int c = 0; c < n; c++) {
                    double v = previous(l, c, i);
                    aa += v * v;
                }
                s += dd * (aa + 1);
            }
            out[i] = normaliser * Math.sqrt(s);
        }
    }

    /**
     * Writes the clipped mean {@code (1/m) sum_i f_i grad c_i} with {@code f_i = min(1, maxNorm / ||grad c_i||)}
     * into {@code out}: per layer {@code (Delta^l diag(f)) (A^{l-1})^T} and {@code (Delta^l diag(f)) 1}.
     *
     * @param maxNorm the clipping bound {@code C}, finite, {@code > 0}
     * @param out receives the clipped mean; overwritten
     */
    public void clippedMean(double maxNorm, Gradients out) {
        Checks.positive(maxNorm, "clip norm");
        requireComputed();
        out.requireShapeOf(engine.network());
        if (factors.length < m) {
            factors = new double[m];
        }
        norms(factors);
        for (int i = 0; i < m; i++) {
            double norm = factors[i];
            factors[i] = norm > maxNorm ? maxNorm / norm : 1.0;
        }
        MatrixKernel kernel = engine.kernel();
        for (int l = 1; l <= out.depth(); l++) {
            DMatrixRMaj d = engine.delta(l);
            DMatrixRMaj s = scaled[l];
            s.reshape(d.numRows, m);
            for (int r = 0; r < d.numRows; r++) {
                for (int i = 0; i < m; i++) {
                    s.data[r * m + i] = d.data[r * m + i] * factors[i];
                }
            }
            if (l == 1) {
                kernel.mult(s, x, out.weights(1));
            } else {
                kernel.multTransB(s, engine.activation(l - 1), out.weights(l));
            }
            RowOps.rowSums(s, out.bias(l));
        }
    }

    /** {@code a_i^{l-1}[c]}: the input row for layer 1, else the engine's activations. */
    private double previous(int l, int c, int i) {
        return l == 1 ? x.data[i * x.numCols + c] : engine.activation(l - 1).data[c * m + i];
    }

    private void requireComputed() {
        if (x == null) {
            throw new IllegalStateException("call compute(x, y) first");
        }
    }

    private void requireSample(int i) {
        requireComputed();
        if (i < 0 || i >= m) {
            throw new IllegalArgumentException("sample index must be in 0.." + (m - 1) + " but was " + i);
        }
    }
}
