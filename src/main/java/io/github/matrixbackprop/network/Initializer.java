package io.github.matrixbackprop.network;

import io.github.matrixbackprop.util.Checks;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * How the parameters of a layer are drawn. {@code fanIn = n_{l-1}}, {@code fanOut = n_l}.
 *
 * <p>Reproducibility: every draw goes through {@link RandomGenerator#nextDouble()} only, and
 * Gaussian draws use the Marsaglia polar method on {@link StrictMath}, so a generator whose
 * algorithm is fixed ({@link java.util.SplittableRandom}, or
 * {@code RandomGenerator.of("L64X128MixRandom")}) gives bit-identical weights on every JDK 17+.
 * Elements are filled in row-major order.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Fills {@code target} ({@code fanOut x fanIn} for weights, {@code fanOut x 1} for biases).
     *
     * @param target the matrix to fill; its contents are replaced
     * @param fanIn {@code n_{l-1}}, the number of inputs of the layer
     * @param fanOut {@code n_l}, the number of outputs of the layer
     * @param random the source of the draws; advanced
     */
    void fill(DMatrixRMaj target, int fanIn, int fanOut, RandomGenerator random);

    /**
     * All zeros (the usual bias initialisation).
     *
     * @return the zero initialiser
     */
    static Initializer zeros() {
        return (t, fanIn, fanOut, r) -> t.zero();
    }

    /**
     * Uniform on {@code [-a, a)} with {@code a = sqrt(6 / (fanIn + fanOut))} (Glorot and Bengio, 2010).
     *
     * @return the Glorot (Xavier) uniform initialiser
     */
    static Initializer glorotUniform() {
        return (t, fanIn, fanOut, r) -> uniform(t, Math.sqrt(6.0 / (fanIn + fanOut)), r);
    }

    /**
     * Normal with mean 0 and {@code sigma = sqrt(2 / (fanIn + fanOut))} (Glorot and Bengio, 2010).
     *
     * @return the Glorot (Xavier) normal initialiser
     */
    static Initializer glorotNormal() {
        return (t, fanIn, fanOut, r) -> normal(t, Math.sqrt(2.0 / (fanIn + fanOut)), r);
    }

    /**
     * Uniform on {@code [-a, a)} with {@code a = sqrt(6 / fanIn)} (He et al., 2015; torch {@code
     * kaiming_uniform_}, ReLU gain).
     *
     * @return the He (Kaiming) uniform initialiser
     */
    static Initializer heUniform() {
        return (t, fanIn, fanOut, r) -> uniform(t, Math.sqrt(6.0 / fanIn), r);
    }

    /**
     * Normal with mean 0 and {@code sigma = sqrt(2 / fanIn)} (He et al., 2015).
     *
     * @return the He (Kaiming) normal initialiser
     */
    static Initializer heNormal() {
        return (t, fanIn, fanOut, r) -> normal(t, Math.sqrt(2.0 / fanIn), r);
    }

    /**
     * Uniform on {@code [-a, a)}.
     *
     * @param a the half-width of the interval; finite and {@code >= 0} (0 gives zeros)
     * @return the uniform initialiser
     */
    static Initializer uniform(double a) {
        Checks.nonNegative(a, "uniform bound");
        return (t, fanIn, fanOut, r) -> uniform(t, a, r);
    }

    /**
     * Normal with mean 0 and standard deviation {@code sigma}.
     *
     * @param sigma the standard deviation; finite and {@code >= 0} (0 gives zeros)
     * @return the normal initialiser
     */
    static Initializer normal(double sigma) {
        Checks.nonNegative(sigma, "normal sigma");
        return (t, fanIn, fanOut, r) -> normal(t, sigma, r);
    }

    private static void uniform(DMatrixRMaj t, double a, RandomGenerator r) {
        for (int i = 0; i < t.getNumElements(); i++) {
            t.data[i] = a * (2 * r.nextDouble() - 1);
        }
    }

    private static void normal(DMatrixRMaj t, double sigma, RandomGenerator r) {
        io.github.matrixbackprop.util.Gaussian g = new io.github.matrixbackprop.util.Gaussian(r);
        for (int i = 0; i < t.getNumElements(); i++) {
            t.data[i] = sigma * g.next();
        }
    }
}
