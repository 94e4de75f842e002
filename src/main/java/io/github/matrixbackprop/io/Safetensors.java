package io.github.matrixbackprop.io;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports models as safetensors files that PyTorch loads into an {@code nn.Sequential} of
 * {@code Linear} and activation modules, and imports such files: this library's exports and plain
 * PyTorch state dicts of a multilayer perceptron. {@code docs/interop.md} shows both sides.
 *
 * <p>Layout: layer {@code l = 1..L} is the {@code Linear} at index {@code i = 2(l-1)} of the
 * {@code nn.Sequential}, with its activation module at {@code i + 1}. Its tensors are
 * {@code <i>.weight} = {@code W^l}, {@code n_l x n_{l-1}} (the orientation of {@code nn.Linear}),
 * and {@code <i>.bias} = {@code b^l}, {@code n_l}: so {@code 0.weight}, {@code 0.bias},
 * {@code 2.weight}, {@code 2.bias}, ... Values are little-endian and row-major; the header is
 * padded with spaces to a multiple of 8 bytes. The {@code __metadata__} (string values) holds
 * {@code format} = {@code matrix-backprop}; {@code activations}, a JSON list of this library's
 * activation names, one per layer (e.g. {@code ["relu","softmax"]}); {@code activation_parameters},
 * a JSON list of one object per layer (e.g. {@code [{"slope":0.2},{}]}), only when an activation
 * has parameters; {@code input_shift} and {@code input_scale}, JSON arrays of length {@code n_0}
 * with {@code x' = (x - input_shift) / input_scale}, when the model scales its inputs; and
 * {@code classes}, a JSON list of the class names in output order, for a classifier. Numbers are
 * printed by {@link Double#toString(double)}, so they read back as the same doubles.
 *
 * <p>Exactness: an {@code F64} export holds every parameter bit for bit and loads back to an
 * identical model; an {@code F32} export rounds every parameter to the nearest float (a relative
 * change of at most {@code 2^-24}); the metadata's shifts and scales are exact in both. Importing
 * widens {@code F32}, {@code F16} and {@code BF16} exactly to double.
 *
 * <p>Loading checks the file strictly and throws a {@link ModelFormatException} naming the file
 * and the problem: a header length beyond the file or over 100 MB, a header that is not UTF-8
 * JSON (with the byte offset in the header) or breaks the format's rules (a field, dtype or shape,
 * naming the tensor), data offsets that do not cover the data from 0 to the end of the file
 * without gap or overlap, tensor names that do not fit {@code <index>.weight} and
 * {@code <index>.bias} with a {@code Linear} at every even index, shapes that do not chain,
 * non-finite parameters, and metadata that does not fit the model. Stateless and thread-safe;
 * saving is atomic, as for {@link ModelFiles}.
 */
public final class Safetensors {

    /** The element types an export can have. */
    public enum Dtype {
        /** IEEE 754 binary64: exact. */
        F64,
        /** IEEE 754 binary32: every parameter rounded to the nearest float. */
        F32
    }

    private Safetensors() {
    }

    /**
     * Exports {@code model} as an {@code F64} safetensors file, atomically (as
     * {@link ModelFiles#save(Model, Path)}).
     *
     * @param model the model to export; not modified
     * @param file the file to write; replaced only when writing succeeded
     * @throws IllegalArgumentException as {@link #save(Model, Path, Dtype)}
     * @throws IOException as {@link #save(Model, Path, Dtype)}
     */
    public static void save(Model model, Path file) throws IOException {
        save(model, file, Dtype.F64);
    }

    /**
     * Exports {@code model} as a safetensors file of {@code dtype}, atomically (as
     * {@link ModelFiles#save(Model, Path)}): the tensors of every layer and the metadata above.
     *
     * @param model the model to export; not modified
     * @param file the file to write; replaced only when writing succeeded
     * @param dtype the element type of the tensors
     * @throws IllegalArgumentException if a layer's activation is neither built in nor registered, a
     *     parameter is NaN or infinite, a parameter is beyond the range of {@code F32} (for {@code F32}), or
     *     {@code file} names no file; the message names the layer, and nothing is written
     * @throws IOException naming {@code file}, if its folder does not exist, it is a directory or another
     *     file that is not a regular file, or it cannot be written
     */
    public static void save(Model model, Path file, Dtype dtype) throws IOException {
        Checks.notNull(model, "model");
        Checks.notNull(file, "file");
        Checks.notNull(dtype, "dtype");
        SafetensorsWriter.write(model, file, dtype);
    }

    /**
     * Loads a safetensors file written by {@link #save(Model, Path, Dtype)} (or written in the same
     * layout with the same metadata by other tools): the network with the activations the metadata
     * names, its input scaling and its class names.
     *
     * @param file the file to read
     * @return the model, with a new network
     * @throws IOException naming {@code file}, if it does not exist, is a directory or not a regular file,
     *     or cannot be read; or a {@link ModelFormatException} saying why it is not a valid file of this
     *     layout, for instance a plain PyTorch state dict without the {@code activations} metadata (load it
     *     with {@link #load(Path, List)}), or {@link ModelFormatException.Problem#UNKNOWN_ACTIVATION} for an
     *     activation that is neither built in nor registered, naming it
     */
    public static Model load(Path file) throws IOException {
        return SafetensorsReader.read(file, null);
    }

    /**
     * Loads a plain PyTorch state dict of an {@code nn.Sequential} multilayer perceptron, e.g. one
     * saved by {@code safetensors.torch.save_file(model.state_dict(), path)}: {@code Linear} modules
     * at the even indices {@code 0, 2, 4, ...}, each followed by the activation {@code activations.get(l-1)}
     * (give {@link io.github.matrixbackprop.activation.Activations#identity()} for a last
     * {@code Linear} without one). {@code F64}, {@code F32}, {@code F16} and {@code BF16} tensors are
     * widened exactly to double. Input scaling and class names are taken from the metadata when it has
     * them (as this library writes them); a file that also names its activations must name these.
     *
     * @param file the file to read
     * @param activations one activation per {@code Linear}, first layer first; copied
     * @return the model, with a new network
     * @throws IOException as {@link #load(Path)}, or a {@link ModelFormatException} if the number of
     *     {@code Linear} layers is not the number of activations, or the metadata names other activations
     * @throws NullPointerException if {@code activations} or one of them is null
     */
    public static Model load(Path file, List<? extends Activation> activations) throws IOException {
        Checks.notNull(activations, "activations");
        List<Activation> copy = new ArrayList<>(activations.size());
        for (int i = 0; i < activations.size(); i++) {
            copy.add(Checks.notNull(activations.get(i), "activation " + (i + 1)));
        }
        return SafetensorsReader.read(file, copy);
    }
}
