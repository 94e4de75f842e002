package io.github.matrixbackprop.backprop;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import org.ejml.data.DMatrixRMaj;

/**
 * The dropout masks of one training step: for every layer {@code l} with dropout rate
 * {@code p = p^l > 0} ({@link io.github.matrixbackprop.network.Layer#dropout()}), the
 * {@code n_l x m} matrix {@code D^l = M^l / (1 - p)}, where {@code M^l} is a 0/1 mask; so every
 * entry of {@code D^l} is {@code 0} (the unit is dropped for that sample) or {@code 1/(1 - p)} (kept).
 * {@link Backprop#compute(DMatrixRMaj, DMatrixRMaj, Gradients, DropoutMasks)} uses them as
 * {@code A^l = f^l(Z^l) ⊙ D^l} (inverted dropout: {@code E[D^l] = 1}, so {@code E[A^l] = f^l(Z^l)}
 * and prediction, which never drops, needs no rescaling; docs/math.md, "Dropout", (E2) with dropout).
 *
 * <p>The draw is a pure function of the seed, the layer, the sample and the unit, so masks are
 * bit-identical for a seed whatever the thread count, and a sample's mask does not depend on the
 * batch size. With {@code gamma = 0x9e3779b97f4a7c15} and {@code mix64} SplitMix64's finaliser
 * (Stafford's variant 13: {@code z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9},
 * {@code z = (z ^ (z >>> 27)) * 0x94d049bb133111eb}, {@code z ^ (z >>> 31)}), all arithmetic mod
 * {@code 2^64}:
 *
 * <pre>
 * k_{l,i}    = mix64(seed + gamma (2^32 l + i + 1))              key of sample i (column, from 0) in layer l
 * u_{l,r,i}  = (mix64(k_{l,i} + gamma (r + 1)) >>> 11) 2^-53      uniform in [0, 1) for unit r (row, from 0)
 * M^l[r, i]  = 1 if u_{l,r,i} >= p, else 0
 * </pre>
 *
 * In terms of the JDK: {@code k_{l,i}} is {@code new SplittableRandom(seed + gamma (2^32 l + i)).nextLong()}
 * and {@code u_{l,0,i}, u_{l,1,i}, ...} are the successive {@code nextDouble()} values of
 * {@code new SplittableRandom(k_{l,i})}; a unit is kept with probability {@code 1 - p}.
 *
 * <p>Mutable: {@link #draw(int, long)} overwrites the masks; it allocates nothing once the
 * buffers have held a batch that large. Not thread-safe.
 */
public final class DropoutMasks {

    /** SplitMix64's increment, the odd integer closest to {@code 2^64} over the golden ratio. */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private final int[] widths;
    private final double[] rates;
    private final DMatrixRMaj[] masks;   // masks[l] = D^l for a layer with p^l > 0, else null
    private int batch;                   // m of the last draw; 0 before the first

    /**
     * Empty masks for {@code network}'s layers (none are drawn yet): one buffer per layer with a
     * dropout rate above 0.
     *
     * @param network the network whose widths and dropout rates the masks follow; read once
     */
    public DropoutMasks(Network network) {
        Checks.notNull(network, "network");
        int depth = network.depth();
        widths = new int[depth + 1];
        rates = new double[depth + 1];
        masks = new DMatrixRMaj[depth + 1];
        for (int l = 0; l <= depth; l++) {
            widths[l] = network.width(l);
        }
        for (int l = 1; l <= depth; l++) {
            rates[l] = network.layer(l).dropout();
            if (rates[l] > 0) {
                masks[l] = new DMatrixRMaj(widths[l], 0);
            }
        }
    }

    /**
     * New masks for {@code network}, drawn for a batch of {@code m} samples with {@code seed}
     * (see {@link #draw(int, long)}).
     *
     * @param network the network whose widths and dropout rates the masks follow
     * @param m the batch size, {@code > 0}
     * @param seed the seed of the draw
     * @return the drawn masks
     * @throws IllegalArgumentException if {@code m <= 0}
     */
    public static DropoutMasks draw(Network network, int m, long seed) {
        DropoutMasks masks = new DropoutMasks(network);
        masks.draw(m, seed);
        return masks;
    }

    /**
     * Draws {@code D^l = M^l / (1 - p^l)} ({@code n_l x m}) for every layer with {@code p^l > 0}, by the
     * formula of the class comment; overwrites the previous masks.
     *
     * @param m the batch size, {@code > 0}
     * @param seed the seed of the draw
     * @throws IllegalArgumentException if {@code m <= 0}
     */
    public void draw(int m, long seed) {
        Checks.positive(m, "batch size m of the dropout masks");
        for (int l = 1; l < masks.length; l++) {
            DMatrixRMaj d = masks[l];
            if (d == null) {
                continue;
            }
            d.reshape(widths[l], m);
            double p = rates[l];
            double kept = 1.0 / (1.0 - p);
            for (int i = 0; i < m; i++) {
                long key = mix64(seed + GAMMA * ((long) l << 32 | i) + GAMMA);
                for (int r = 0; r < widths[l]; r++) {
                    double u = (mix64(key + GAMMA * (r + 1L)) >>> 11) * 0x1.0p-53;
                    d.data[r * m + i] = u >= p ? kept : 0.0;
                }
            }
        }
        batch = m;
    }

    /**
     * {@code L}, the number of layers of the network the masks follow.
     *
     * @return the depth {@code L}
     */
    public int depth() {
        return widths.length - 1;
    }

    /**
     * The batch size {@code m} of the last draw, or 0 before the first.
     *
     * @return {@code m}, or 0 if nothing was drawn yet
     */
    public int batchSize() {
        return batch;
    }

    /**
     * The dropout rate {@code p^l} of layer {@code l}.
     *
     * @param l the layer number, {@code 1..L}
     * @return {@code p^l}, in {@code [0, 1)}
     */
    public double rate(int l) {
        return rates[requireLayer(l)];
    }

    /**
     * {@code D^l = M^l / (1 - p^l)}, {@code n_l x m}, one sample per column: the live buffer,
     * overwritten by the next {@link #draw}; do not modify it.
     *
     * @param l a layer with a dropout rate above 0, {@code 1..L}
     * @return {@code D^l}, with entries 0 and {@code 1/(1 - p^l)}
     * @throws IllegalArgumentException if {@code l} is not a layer number or layer {@code l} has no dropout
     * @throws IllegalStateException if nothing was drawn yet
     */
    public DMatrixRMaj mask(int l) {
        DMatrixRMaj d = masks[requireLayer(l)];
        if (d == null) {
            throw new IllegalArgumentException("layer " + l + " has dropout rate 0, so it has no mask");
        }
        if (batch == 0) {
            throw new IllegalStateException("the dropout masks have not been drawn yet: call draw(m, seed)");
        }
        return d;
    }

    /**
     * Requires these masks to have been drawn for a batch of {@code m} samples of a network with
     * {@code network}'s depth, widths and dropout rates.
     *
     * @param network the network the masks are to be used with
     * @param m the batch size they are to be used with
     * @throws IllegalArgumentException naming the layer and both widths or rates, or both batch sizes
     * @throws IllegalStateException if nothing was drawn yet
     */
    public void requireFits(Network network, int m) {
        Checks.notNull(network, "network");
        if (network.depth() != depth()) {
            throw new IllegalArgumentException("the dropout masks are for a network of " + depth()
                    + " layers but this network has " + network.depth());
        }
        for (int l = 1; l <= depth(); l++) {
            if (network.width(l) != widths[l] || network.width(l - 1) != widths[l - 1]) {
                throw new IllegalArgumentException("layer " + l + ": the dropout masks are for " + widths[l - 1]
                        + " -> " + widths[l] + " units but the network's layer maps " + network.width(l - 1) + " -> "
                        + network.width(l));
            }
            if (Double.compare(network.layer(l).dropout(), rates[l]) != 0) {
                throw new IllegalArgumentException("layer " + l + ": the dropout masks are for rate " + rates[l]
                        + " but the network's layer has rate " + network.layer(l).dropout());
            }
        }
        if (batch == 0) {
            throw new IllegalStateException("the dropout masks have not been drawn yet: call draw(m, seed)");
        }
        if (batch != m) {
            throw new IllegalArgumentException("the dropout masks were drawn for a batch of " + batch
                    + " samples but the batch has " + m);
        }
    }

    /** Whether layer {@code l} has a mask ({@code p^l > 0}). */
    boolean drops(int l) {
        return masks[l] != null;
    }

    private int requireLayer(int l) {
        if (l < 1 || l > depth()) {
            throw new IllegalArgumentException("layer index l must be in 1.." + depth() + " but was " + l);
        }
        return l;
    }

    /** SplitMix64's finaliser (Stafford's variant 13), the mixing function of {@code SplittableRandom}. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
