package io.github.matrixbackprop.activation;

import org.ejml.data.DMatrixRMaj;

/**
 * An activation that acts on each unit on its own: {@code a_k = f(z_k)}, so that
 * {@code J_f(z) = diag(f'(z))} and (E1)/(E2) take their element-wise form
 * {@code delta = f'(z) ⊙ g}.
 *
 * <p>Implementors give {@link #value} and {@link #derivative}; the matrix operations follow.
 */
public interface ElementwiseActivation extends Activation {

    /**
     * Returns {@code f(z)}.
     *
     * @param z a potential
     * @return {@code f(z)}
     */
    double value(double z);

    /**
     * Returns {@code f'(z)}. The caller also passes {@code a = f(z)}, which many derivatives
     * are cheaper and more accurate in (e.g. {@code sigmoid' = a (1 - a)}).
     *
     * @param z a potential
     * @param a {@code f(z)}
     * @return {@code f'(z)}
     */
    double derivative(double z, double a);

    /**
     * Returns {@code f''(z)}, given also {@code a = f(z)}. Needed only for Hessian-vector
     * products; the default throws.
     *
     * @param z a potential
     * @param a {@code f(z)}
     * @return {@code f''(z)}
     * @throws UnsupportedOperationException unless overridden
     */
    default double secondDerivative(double z, double a) {
        throw new UnsupportedOperationException("activation " + name() + " does not implement secondDerivative,"
                + " which Hessian-vector products need");
    }

    /** Computes {@code v = f'(z) ⊙ v} in place (the Jacobian is diagonal, so this equals J^T v). */
    @Override
    default void applyJacobian(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj v) {
        applyJacobianTranspose(z, a, v);
    }

    /** Computes {@code out = f''(z) ⊙ rz ⊙ u}. */
    @Override
    default void applyJacobianTransposeDirectional(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj rz, DMatrixRMaj u,
                                                   DMatrixRMaj out) {
        ActivationChecks.directional(this, z, rz, u, out);
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            out.data[i] = secondDerivative(z.data[i], a.data[i]) * rz.data[i] * u.data[i];
        }
    }

    /** Computes {@code a = f(z)} element by element; {@code a} may be {@code z}. */
    @Override
    default void forward(DMatrixRMaj z, DMatrixRMaj a) {
        ActivationChecks.sameShape(this, z, a, "a");
        double[] zd = z.data;
        double[] ad = a.data;
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            ad[i] = value(zd[i]);
        }
    }

    /** Computes {@code g = f'(z) ⊙ g} in place. */
    @Override
    default void applyJacobianTranspose(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj g) {
        ActivationChecks.sameShape(this, z, a, "a");
        ActivationChecks.sameShape(this, z, g, "g");
        double[] zd = z.data;
        double[] ad = a.data;
        double[] gd = g.data;
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            gd[i] *= derivative(zd[i], ad[i]);
        }
    }

    /** Returns {@code diag(f'(z))}. */
    @Override
    default DMatrixRMaj jacobian(DMatrixRMaj z) {
        ActivationChecks.column(this, z);
        int n = z.numRows;
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double zk = z.data[k];
            j.unsafe_set(k, k, derivative(zk, value(zk)));
        }
        return j;
    }
}
