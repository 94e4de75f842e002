package io.github.matrixbackprop.onnx;

import io.github.matrixbackprop.activation.ElementwiseActivation;
import io.github.matrixbackprop.activation.Gelu;

/**
 * The standard normal CDF {@code Phi} as a piecewise polynomial, for the float64 GELU graph
 * {@code gelu(z) = z Phi(z)}: ONNX Runtime has no double kernel for {@code Erf} (nor for
 * {@code Gelu}, which it expands into {@code Erf}), so the float64 graph evaluates {@code Phi}
 * with operators that have one ({@code Gather}, {@code Mul}, {@code Add}, ...).
 *
 * <p>The pieces, in this order (row {@code k} of {@link #table()}):
 * <ol start="0">
 *   <li>{@code z < }{@value #LO}: the constant 0 ({@code Phi(-8.5) = 9.5e-18});</li>
 *   <li>{@value #INNER} pieces of width {@value #WIDTH} covering {@code [LO, HI)}: on the piece
 *       with centre {@code c}, a polynomial of degree {@value #DEGREE} in
 *       {@code s = (z - c) / (WIDTH / 2)}, {@code s} in {@code [-1, 1]}, that interpolates the
 *       library's own {@code Phi} at the {@value #DEGREE}+1 Chebyshev points of the piece;</li>
 *   <li>{@code z >= }{@value #HI}: the constant 1 ({@code 1 - Phi(8.5)} is below half an ulp of 1).</li>
 * </ol>
 *
 * <p>The polynomials are fitted here from {@link Gelu} (so the graph follows the library's own
 * function, whatever its last ulp), with {@code StrictMath} so that the table is the same on
 * every JVM. {@link #evaluate} repeats the graph's arithmetic step by step; it is within
 * {@code 2e-15} of {@code Phi} everywhere (the test proves it on a dense grid).
 */
final class NormalCdfPieces {

    /** The lower end of the polynomial pieces. */
    static final double LO = -8.5;

    /** The upper end of the polynomial pieces. */
    static final double HI = 8.5;

    /** The width of each polynomial piece. */
    static final double WIDTH = 0.5;

    /** The degree of each polynomial. */
    static final int DEGREE = 12;

    /** The number of polynomial pieces. */
    static final int INNER = 34;

    /** All pieces: the constant 0, the polynomials, the constant 1. */
    static final int PIECES = INNER + 2;

    /** Where the graph clips {@code z}: one piece width below {@link #LO}, inside the constant 0 piece. */
    static final double CLIP_LO = LO - WIDTH;

    private static final double[] TABLE = fit();

    private NormalCdfPieces() {
    }

    /**
     * The coefficients, {@link #PIECES} rows of {@value #DEGREE}+1: row {@code k} holds
     * {@code p_0 .. p_DEGREE} of piece {@code k}, {@code Phi(z) ~ sum_j p_j s^j}.
     */
    static double[] table() {
        return TABLE.clone();
    }

    /**
     * {@code Phi(z)} by the pieces, with the graph's operations in the graph's order: a NaN is
     * replaced by 0 (so that the piece index stays valid; the graph's {@code z * Phi} is NaN all
     * the same), {@code z} clipped to {@code [CLIP_LO, HI]}, the piece
     * {@code k = floor((z - CLIP_LO) / WIDTH)} and its centre {@code c = k WIDTH + CLIP_LO + WIDTH/2}
     * chosen, {@code s = (z - c) (2 / WIDTH)}, and the polynomial evaluated by Horner's rule.
     */
    static double evaluate(double z) {
        double x = Double.isNaN(z) ? 0.0 : z;
        x = Math.min(Math.max(x, CLIP_LO), HI);
        double k = Math.floor((x - CLIP_LO) * (1 / WIDTH));
        double c = k * WIDTH + (CLIP_LO + WIDTH / 2);
        double s = (x - c) * (2 / WIDTH);
        int row = (int) k * (DEGREE + 1);
        double v = TABLE[row + DEGREE];
        for (int j = DEGREE - 1; j >= 0; j--) {
            v = v * s + TABLE[row + j];
        }
        return v;
    }

    private static double[] fit() {
        int n = DEGREE + 1;
        double[] table = new double[PIECES * n];
        ElementwiseActivation gelu = new Gelu();
        for (int k = 1; k <= INNER; k++) {
            double centre = LO + (k - 0.5) * WIDTH;
            double phiCentre = phi(gelu, centre);
            // the deviations from Phi(c) at the Chebyshev points: small numbers, fitted with small rounding
            double[] f = new double[n];
            for (int j = 0; j < n; j++) {
                double s = StrictMath.cos(Math.PI * (j + 0.5) / n);
                f[j] = phi(gelu, centre + s * (WIDTH / 2)) - phiCentre;
            }
            double[] mono = monomials(chebyshev(f));
            mono[0] += phiCentre;
            System.arraycopy(mono, 0, table, k * n, n);
        }
        table[(PIECES - 1) * n] = 1.0;
        return table;
    }

    /** {@code Phi(z) = gelu(z) / z} (never called at 0: no Chebyshev point is a piece's edge). */
    private static double phi(ElementwiseActivation gelu, double z) {
        return gelu.value(z) / z;
    }

    /** The coefficients {@code a_i} of {@code sum_i a_i T_i(s)} interpolating {@code f} at the Chebyshev points. */
    private static double[] chebyshev(double[] f) {
        int n = f.length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += f[j] * StrictMath.cos(Math.PI * i * (j + 0.5) / n);
            }
            a[i] = sum * 2 / n;
        }
        a[0] /= 2;
        return a;
    }

    /** {@code sum_i a_i T_i(s)} rewritten as {@code sum_j p_j s^j}, by {@code T_{i+1} = 2 s T_i - T_{i-1}}. */
    private static double[] monomials(double[] a) {
        int n = a.length;
        double[] p = new double[n];
        double[] previous = new double[n];
        double[] current = new double[n];
        previous[0] = 1; // T_0
        current[1] = 1;  // T_1
        p[0] = a[0];
        p[1] = a[1];
        for (int i = 2; i < n; i++) {
            double[] next = new double[n];
            for (int j = 0; j < n; j++) {
                next[j] = (j > 0 ? 2 * current[j - 1] : 0) - previous[j];
                p[j] += a[i] * next[j];
            }
            previous = current;
            current = next;
        }
        return p;
    }
}
