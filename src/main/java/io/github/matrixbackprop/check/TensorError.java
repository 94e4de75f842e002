package io.github.matrixbackprop.check;

/**
 * The largest disagreement between the engine and a reference within one tensor.
 *
 * @param layer     the layer {@code l} (1-based)
 * @param tensor    {@code "W"} or {@code "b"}
 * @param error     the largest relative error {@code |x - ref| / max(1, |ref|)} over the tensor
 * @param row       its row
 * @param column    its column (0 for {@code b})
 * @param engine    the engine's value there
 * @param reference the reference value there
 */
public record TensorError(int layer, String tensor, double error, int row, int column, double engine,
                          double reference) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "layer %d %s: max rel error %.3e at (%d,%d): engine %.17g, reference %.17g",
                layer, tensor, error, row, column, engine, reference);
    }
}
