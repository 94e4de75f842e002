package io.github.matrixbackprop.network;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The quantities of one forward pass over a batch, one sample per column (math.md):
 * {@code A^0 = X^T}, and for {@code l = 1..L}: {@code Z^l = W^l A^{l-1} + b^l 1_m^T},
 * {@code A^l = f^l(Z^l)}.
 *
 * @param activations {@code A^0 .. A^L}: index {@code l} holds {@code A^l} ({@code n_l x m})
 * @param potentials  {@code Z^1 .. Z^L}: index {@code l - 1} holds {@code Z^l} ({@code n_l x m})
 */
public record ForwardPass(List<DMatrixRMaj> activations, List<DMatrixRMaj> potentials) {

    /**
     * Copies the lists (the matrices themselves are owned by the pass).
     *
     * @param activations {@code A^0 .. A^L}, {@code n_l x m} each
     * @param potentials {@code Z^1 .. Z^L} (index 0 holds {@code Z^1}), {@code n_l x m} each
     */
    public ForwardPass {
        activations = List.copyOf(activations);
        potentials = List.copyOf(potentials);
    }

    /**
     * {@code A^l} for {@code l = 0..L}.
     *
     * @param l the layer number, {@code 0..L}
     * @return {@code A^l}, {@code n_l x m}, one sample per column
     */
    public DMatrixRMaj a(int l) {
        return activations.get(l);
    }

    /**
     * {@code Z^l} for {@code l = 1..L}.
     *
     * @param l the layer number, {@code 1..L}
     * @return {@code Z^l}, {@code n_l x m}, one sample per column
     */
    public DMatrixRMaj z(int l) {
        if (l < 1) {
            throw new IllegalArgumentException("Z^l exists for l = 1.." + potentials.size() + " but l was " + l);
        }
        return potentials.get(l - 1);
    }

    /**
     * The output {@code A^L}, {@code n_L x m}.
     *
     * @return {@code A^L}
     */
    public DMatrixRMaj output() {
        return activations.get(activations.size() - 1);
    }
}
