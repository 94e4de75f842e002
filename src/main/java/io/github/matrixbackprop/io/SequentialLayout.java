package io.github.matrixbackprop.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a network maps onto a PyTorch {@code nn.Sequential} of {@code Linear} and activation
 * modules, and the {@code __metadata__} keys of this library's safetensors files.
 *
 * <p>Layer {@code l = 1..L} is the {@code Linear} at index {@code 2(l-1)} (its parameters are the
 * tensors {@code <index>.weight}, {@code n_l x n_{l-1}} like {@code W^l}, and {@code <index>.bias},
 * {@code n_l}), and its activation is the module at index {@code 2(l-1)+1}, which holds no tensors.
 */
final class SequentialLayout {

    /** Metadata key: the writer, {@value #FORMAT_NAME}. */
    static final String FORMAT = "format";
    /** The value of {@link #FORMAT} in this library's files. */
    static final String FORMAT_NAME = "matrix-backprop";
    /** Metadata key: a JSON list of this library's activation names, one per layer. */
    static final String ACTIVATIONS = "activations";
    /** Metadata key: a JSON list of one object per layer, the activation's parameters by name. */
    static final String ACTIVATION_PARAMETERS = "activation_parameters";
    /** Metadata key: a JSON array of {@code n_0} shifts, {@code x' = (x - shift) / scale}. */
    static final String INPUT_SHIFT = "input_shift";
    /** Metadata key: a JSON array of {@code n_0} scales. */
    static final String INPUT_SCALE = "input_scale";
    /** Metadata key: a JSON list of the class names in output order. */
    static final String CLASSES = "classes";

    /** {@code <index>.weight} or {@code <index>.bias}, the index without leading zeros. */
    private static final Pattern NAME = Pattern.compile("(0|[1-9][0-9]{0,8})\\.(weight|bias)");

    private SequentialLayout() {
    }

    /** The name of the weight tensor of layer {@code l} (from 1). */
    static String weight(int l) {
        return 2 * (l - 1) + ".weight";
    }

    /** The name of the bias tensor of layer {@code l} (from 1). */
    static String bias(int l) {
        return 2 * (l - 1) + ".bias";
    }

    /**
     * The module index of a tensor name, or -1 if the name does not fit {@code <index>.weight} or
     * {@code <index>.bias}.
     */
    static int index(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Whether a fitting name is a weight (else a bias). */
    static boolean isWeight(String name) {
        return name.endsWith(".weight");
    }
}
