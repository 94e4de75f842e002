package io.github.matrixbackprop.activation;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code f(z)_k = e^{z_k} / sum_j e^{z_j}} over the units of one sample (one column).
 * Its Jacobian is {@code J_f(z) = diag(a) - a a^T} with {@code a = f(z)}; it is symmetric,
 * and {@code J^T g = a ⊙ (g - (a^T g) 1)}, which {@link #applyJacobianTranspose} evaluates
 * in {@code O(n)} per sample without forming {@code J}.
 *
 * <p>May be used in a hidden layer and with any loss. Evaluated stably (the column maximum is
 * subtracted before exponentiating).
 */
public record Softmax() implements Activation {

    @Override
    public String name() {
        return "softmax";
    }

    /** Computes {@code a_i = softmax(z_i)} for every column {@code i}; {@code a} must not be {@code z}. */
    @Override
    public void forward(DMatrixRMaj z, DMatrixRMaj a) {
        ActivationChecks.sameShape(this, z, a, "a");
        int n = z.numRows;
        int m = z.numCols;
        double[] zd = z.data;
        double[] ad = a.data;
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, zd[k * m + i]);
            }
            double sum = 0.0;
            for (int k = 0; k < n; k++) {
                double e = Math.exp(zd[k * m + i] - max);
                ad[k * m + i] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int k = 0; k < n; k++) {
                ad[k * m + i] *= inv;
            }
        }
    }

    /** Computes {@code g_i = a_i ⊙ (g_i - (a_i^T g_i) 1)} for every column, in place. */
    @Override
    public void applyJacobianTranspose(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj g) {
        ActivationChecks.sameShape(this, z, a, "a");
        ActivationChecks.sameShape(this, z, g, "g");
        int n = a.numRows;
        int m = a.numCols;
        double[] ad = a.data;
        double[] gd = g.data;
        for (int i = 0; i < m; i++) {
            double dot = 0.0;
            for (int k = 0; k < n; k++) {
                dot += ad[k * m + i] * gd[k * m + i];
            }
            for (int k = 0; k < n; k++) {
                int idx = k * m + i;
                gd[idx] = ad[idx] * (gd[idx] - dot);
            }
        }
    }

    /** Returns {@code diag(a) - a a^T} with {@code a = softmax(z)}. */
    @Override
    public DMatrixRMaj jacobian(DMatrixRMaj z) {
        ActivationChecks.column(this, z);
        int n = z.numRows;
        DMatrixRMaj a = new DMatrixRMaj(n, 1);
        forward(z, a);
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double v = -a.data[r] * a.data[c];
                if (r == c) {
                    v += a.data[r];
                }
                j.unsafe_set(r, c, v);
            }
        }
        return j;
    }

    /** Computes {@code v_i = J v_i = a_i ⊙ (v_i - (a_i^T v_i) 1)} (the Jacobian is symmetric). */
    @Override
    public void applyJacobian(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj v) {
        applyJacobianTranspose(z, a, v);
    }

    /**
     * Computes {@code out_i = R{J}^T u_i = ra ⊙ u - ra (a^T u) - a (ra^T u)} with
     * {@code ra = J rz_i}, from {@code R{J} = diag(ra) - ra a^T - a ra^T}.
     */
    @Override
    public void applyJacobianTransposeDirectional(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj rz, DMatrixRMaj u,
                                                  DMatrixRMaj out) {
        ActivationChecks.directional(this, z, rz, u, out);
        int n = a.numRows;
        int m = a.numCols;
        double[] ad = a.data;
        for (int i = 0; i < m; i++) {
            double arz = 0.0;
            for (int k = 0; k < n; k++) {
                arz += ad[k * m + i] * rz.data[k * m + i];
            }
            double au = 0.0;
            double rau = 0.0;
            for (int k = 0; k < n; k++) {
                int idx = k * m + i;
                double ra = ad[idx] * (rz.data[idx] - arz);
                au += ad[idx] * u.data[idx];
                rau += ra * u.data[idx];
            }
            for (int k = 0; k < n; k++) {
                int idx = k * m + i;
                double ra = ad[idx] * (rz.data[idx] - arz);
                out.data[idx] = ra * u.data[idx] - ra * au - ad[idx] * rau;
            }
        }
    }
}
