package io.github.matrixbackprop.activation;

import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * An activation {@code f^l : R^{n_l} -> R^{n_l}}, applied to a batch stored one sample per
 * column (math.md: {@code A^l = f^l(Z^l)} column by column).
 *
 * <p>Implement {@link ElementwiseActivation} for a function that acts element by element
 * (it needs only {@code f} and {@code f'}); implement this interface directly for one that
 * couples the units of a sample, as {@link Softmax} does. Check a new activation with
 * {@code io.github.matrixbackprop.check.GradientCheck}.
 *
 * <p>Implementations must be immutable and thread-safe. Every built-in activation propagates NaN:
 * a NaN potential gives NaN in {@code f}, in its Jacobian products and in its second derivative,
 * as in PyTorch, so that bad input is never silently turned into a plausible output.
 */
public interface Activation {

    /**
     * The name used in model files and the reference cases, e.g. {@code "relu"}.
     *
     * @return the activation's lower-case name
     */
    String name();

    /**
     * Computes {@code a = f(z)} for every column of {@code z}.
     *
     * @param z the potentials {@code Z^l}, {@code n x m}; not modified
     * @param a receives {@code A^l}, {@code n x m}; may be the same object as {@code z}
     *          for element-wise activations only
     */
    void forward(DMatrixRMaj z, DMatrixRMaj a);

    /**
     * Replaces every column {@code g_i} of {@code g} by {@code J_f(z_i)^T g_i}: the step
     * from {@code grad_a c} to {@code delta} of (E1) and (E2). For an element-wise {@code f}
     * this is {@code f'(z) ⊙ g}.
     *
     * @param z the potentials {@code Z}, {@code n x m}; not modified
     * @param a the activations {@code A = f(Z)}, {@code n x m}; not modified
     * @param g {@code n x m}; modified in place
     */
    void applyJacobianTranspose(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj g);

    /**
     * Forms the Jacobian {@code J_f(z)} of one sample explicitly as a dense {@code n x n}
     * matrix: {@code diag(f'(z))} for an element-wise {@code f}. Slow; meant for the
     * explicit Jacobian-chain reference and for teaching, never for training.
     *
     * @param z one potential, {@code n x 1}; not modified
     * @return a new {@code n x n} matrix with {@code J[i][k] = d f_i / d z_k}
     */
    DMatrixRMaj jacobian(DMatrixRMaj z);

    /**
     * Replaces every column {@code v_i} of {@code v} by {@code J_f(z_i) v_i}: forward-mode
     * differentiation, {@code R{a} = J_f(z) R{z}}, used by Hessian-vector products.
     *
     * @param z the potentials {@code Z}, {@code n x m}; not modified
     * @param a the activations {@code A = f(Z)}, {@code n x m}; not modified
     * @param v the directions {@code R{Z}}, {@code n x m}; replaced by {@code R{A}}
     * @throws UnsupportedOperationException if the activation does not provide it (the default)
     */
    default void applyJacobian(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj v) {
        throw new UnsupportedOperationException("activation " + name() + " does not implement applyJacobian,"
                + " which Hessian-vector products need");
    }

    /**
     * Writes into {@code out} the derivative of {@code J_f(z)^T u} along {@code R{z} = rz}, column
     * by column, with {@code u} held fixed: {@code R{J_f(z)}^T u}. For an element-wise {@code f}
     * this is {@code f''(z) ⊙ rz ⊙ u}. Used by Hessian-vector products.
     *
     * @param z the potentials {@code Z}, {@code n x m}; not modified
     * @param a the activations {@code A = f(Z)}, {@code n x m}; not modified
     * @param rz the direction {@code R{Z}}, {@code n x m}; not modified
     * @param u the vectors {@code U} the transposed Jacobian acts on, {@code n x m}; not modified
     * @param out receives {@code R{J_f}^T U}, {@code n x m}; must not alias the other arguments
     * @throws UnsupportedOperationException if the activation does not provide it (the default)
     */
    default void applyJacobianTransposeDirectional(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj rz, DMatrixRMaj u,
                                                   DMatrixRMaj out) {
        throw new UnsupportedOperationException("activation " + name() + " does not implement second-order"
                + " products, which Hessian-vector products need");
    }

    /**
     * The activation's parameters by name (e.g. {@code slope} of {@code leaky_relu}); empty for
     * the parameter-free ones. With {@link #name()} they recreate a built-in activation through
     * {@link Activations#create(String, Map)}, which is how model files store them.
     *
     * @return the parameters by name; an immutable map
     */
    default Map<String, Double> parameters() {
        return Map.of();
    }
}
