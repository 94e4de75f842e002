package io.github.matrixbackprop.io;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.io.ModelFormatException.Problem;
import io.github.matrixbackprop.io.SafetensorsHeader.Tensor;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.util.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads a safetensors file into a model: the header (checked by {@link SafetensorsHeader}), the
 * tensors as the layers of an {@code nn.Sequential} ({@link SequentialLayout}), the activations
 * from the caller or the metadata, the input scaling and class names from the metadata, and last
 * the tensor data, widened to double. Memory stays bounded by the content the file really holds:
 * the header length is checked against the file's size and the format's limit before the header is
 * read, and the offsets are checked against the file's size before any tensor is.
 */
final class SafetensorsReader {

    /** The header-length field. */
    private static final int LENGTH_BYTES = 8;

    /** Bytes per read call; a multiple of every element size. */
    private static final int CHUNK = 1 << 16;

    /** The most elements of one tensor: one Java array. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** The weight and bias tensors of one layer. */
    private record Linear(Tensor weight, Tensor bias) {
        int outputs() {
            return (int) weight.shape()[0];
        }

        int inputs() {
            return (int) weight.shape()[1];
        }
    }

    private SafetensorsReader() {
    }

    static Model read(Path file, List<Activation> given) throws IOException {
        return FrameReader.read(file, (ch, src) -> read(ch, src, given));
    }

    private static Model read(FileChannel ch, String src, List<Activation> given) throws IOException {
        long size = ch.size();
        if (size < LENGTH_BYTES) {
            throw new ModelFormatException(Problem.NOT_A_MODEL_FILE, src + ": " + size + " bytes, too short to be a"
                    + " safetensors file (it starts with an 8-byte header length)");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FrameReader.readFully(ch, lengthField, src);
        if (lengthField.getInt(0) == ByteBuffer.wrap(ModelFiles.MAGIC).order(ByteOrder.LITTLE_ENDIAN).getInt()) {
            throw new ModelFormatException(Problem.NOT_A_MODEL_FILE, src + ": not a safetensors file but a"
                    + " matrix-backprop model file (it starts with MXBP); load it with ModelFiles.loadModel");
        }
        long n = lengthField.getLong(0);
        if (n < 0 || n > SafetensorsHeader.MAX_BYTES) {
            throw new ModelFormatException(Problem.INVALID, src + ": invalid safetensors file: the header length is "
                    + Long.toUnsignedString(n) + " bytes, more than the " + SafetensorsHeader.MAX_BYTES
                    + " a safetensors header may have");
        }
        if (n > size - LENGTH_BYTES) {
            throw new ModelFormatException(Problem.TRUNCATED, src + ": truncated: the header length is " + n
                    + " bytes but only " + (size - LENGTH_BYTES) + " bytes follow it");
        }
        byte[] headerBytes = new byte[(int) n];
        FrameReader.readFully(ch, ByteBuffer.wrap(headerBytes), src);
        long dataStart = LENGTH_BYTES + n;
        SafetensorsHeader header = SafetensorsHeader.parse(headerBytes, size - dataStart, src);
        List<Linear> linears = linears(header.tensors(), src);
        Map<String, String> meta = header.metadata();
        List<Activation> fs = activations(meta, given, linears.size(), src);
        double[] shift = numbers(meta, SequentialLayout.INPUT_SHIFT, src);
        double[] scale = numbers(meta, SequentialLayout.INPUT_SCALE, src);
        if ((shift == null) != (scale == null)) {
            throw invalid(src, "the metadata has " + (shift == null ? SequentialLayout.INPUT_SCALE + " but no "
                    + SequentialLayout.INPUT_SHIFT : SequentialLayout.INPUT_SHIFT + " but no "
                    + SequentialLayout.INPUT_SCALE) + "; input scaling needs both");
        }
        List<String> classes = meta.containsKey(SequentialLayout.CLASSES)
                ? strings(meta, SequentialLayout.CLASSES, src) : null;

        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l <= linears.size(); l++) {
            Linear t = linears.get(l - 1);
            DMatrixRMaj w = DMatrixRMaj.wrap(t.outputs(), t.inputs(), values(ch, src, dataStart, t.weight()));
            DMatrixRMaj b = DMatrixRMaj.wrap(t.outputs(), 1, values(ch, src, dataStart, t.bias()));
            try {
                layers.add(new Layer(w, b, fs.get(l - 1)));
            } catch (IllegalArgumentException e) {
                throw invalid(src, "layer " + l + " (" + t.weight().name() + ", " + t.bias().name() + "): "
                        + e.getMessage());
            }
        }
        Model model = Model.of(new Network(layers));
        try {
            if (shift != null) {
                model = model.withScaler(new Scaler(shift, scale));
            }
        } catch (IllegalArgumentException e) {
            throw invalid(src, "input scaling (" + SequentialLayout.INPUT_SHIFT + ", " + SequentialLayout.INPUT_SCALE
                    + "): " + e.getMessage());
        }
        try {
            return classes == null ? model : model.withClasses(classes);
        } catch (IllegalArgumentException e) {
            throw invalid(src, SequentialLayout.CLASSES + ": " + e.getMessage());
        }
    }

    /** The layers' tensors: a Linear at every even index 0, 2, ..., no gap, shapes that chain. */
    private static List<Linear> linears(List<Tensor> tensors, String src) throws ModelFormatException {
        TreeMap<Integer, Tensor[]> byIndex = new TreeMap<>();
        for (Tensor t : tensors) {
            int index = SequentialLayout.index(t.name());
            if (index < 0) {
                throw invalid(src, "tensor " + Checks.quote(t.name()) + " does not fit the names of an nn.Sequential"
                        + " of Linear and activation modules: <index>.weight and <index>.bias, with a Linear at every"
                        + " even index 0, 2, 4, ...");
            }
            if (index % 2 != 0) {
                throw invalid(src, "tensor " + Checks.quote(t.name()) + " belongs to the module at the odd index "
                        + index + ", but a Linear sits at every even index (0, 2, 4, ...) and the activation after it"
                        + " holds no tensors");
            }
            byIndex.computeIfAbsent(index, k -> new Tensor[2])[SequentialLayout.isWeight(t.name()) ? 0 : 1] = t;
        }
        int last = byIndex.lastKey();
        List<Linear> out = new ArrayList<>();
        for (int l = 1; 2 * (l - 1) <= last; l++) {
            int index = 2 * (l - 1);
            Tensor[] p = byIndex.get(index);
            if (p == null) {
                throw invalid(src, "there is no Linear at index " + index + " (" + SequentialLayout.weight(l) + " and "
                        + SequentialLayout.bias(l) + " are missing) but there is one at index " + last
                        + "; the Linear layers sit at indices 0, 2, 4, ... without a gap");
            }
            if (p[0] == null || p[1] == null) {
                throw invalid(src, "the Linear at index " + index + " has no tensor "
                        + Checks.quote(p[0] == null ? SequentialLayout.weight(l) : SequentialLayout.bias(l))
                        + (p[1] == null ? " (a Linear without bias is not supported)" : ""));
            }
            Tensor w = p[0];
            Tensor b = p[1];
            if (w.shape().length != 2 || w.shape()[0] < 1 || w.shape()[1] < 1) {
                throw invalid(src, "tensor " + Checks.quote(w.name()) + " has the shape " + w.shapeText()
                        + " but a Linear's weight is [out_features, in_features], both at least 1");
            }
            if (w.count() > MAX_ELEMENTS) {
                throw invalid(src, "tensor " + Checks.quote(w.name()) + " of shape " + w.shapeText() + " has more"
                        + " elements than this library holds in one matrix (" + MAX_ELEMENTS + ")");
            }
            if (b.shape().length != 1 || b.shape()[0] != w.shape()[0]) {
                throw invalid(src, "tensor " + Checks.quote(b.name()) + " has the shape " + b.shapeText() + " but "
                        + Checks.quote(w.name()) + " is " + w.shapeText() + ", so the bias must be [" + w.shape()[0]
                        + "]");
            }
            if (!out.isEmpty() && w.shape()[1] != out.get(out.size() - 1).outputs()) {
                Linear prev = out.get(out.size() - 1);
                throw invalid(src, "tensor " + Checks.quote(w.name()) + " is " + w.shapeText() + " but "
                        + Checks.quote(prev.weight().name()) + " is " + prev.weight().shapeText() + ": layer " + l
                        + " takes " + w.shape()[1] + " inputs but layer " + (l - 1) + " gives " + prev.outputs()
                        + " outputs");
            }
            out.add(new Linear(w, b));
        }
        return out;
    }

    /** The activations: the caller's (checked against the metadata's names), or the metadata's. */
    private static List<Activation> activations(Map<String, String> meta, List<Activation> given, int depth,
                                                String src) throws ModelFormatException {
        List<String> listed = meta.containsKey(SequentialLayout.ACTIVATIONS)
                ? strings(meta, SequentialLayout.ACTIVATIONS, src) : null;
        if (given != null) {
            if (given.size() != depth) {
                throw invalid(src, "the file holds " + depth + " Linear layers but " + given.size()
                        + " activations were given");
            }
            List<String> names = given.stream().map(Activation::name).toList();
            if (listed != null && !listed.equals(names)) {
                throw invalid(src, "the metadata lists the activations " + listed + " but " + names + " were given");
            }
            return given;
        }
        String format = meta.get(SequentialLayout.FORMAT);
        if (listed == null || !SequentialLayout.FORMAT_NAME.equals(format)) {
            String why = listed == null ? "the metadata lists no activations"
                    : format == null ? "the metadata names no format"
                    : "the metadata's format is " + Checks.quote(format) + ", not '" + SequentialLayout.FORMAT_NAME + "'";
            throw invalid(src, why + " (this is not a file of this library's layout); give the activations of a"
                    + " plain PyTorch state dict with Safetensors.load(file, activations)");
        }
        if (listed.size() != depth) {
            throw invalid(src, "the metadata lists " + listed.size() + " activations for " + depth + " Linear layers");
        }
        List<Map<String, Double>> parameters = parameters(meta, depth, src);
        List<Activation> out = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            String name = listed.get(l - 1);
            if (!Activations.isKnown(name)) {
                throw ModelFiles.unknownActivation(src, l, name);
            }
            try {
                out.add(Activations.create(name, parameters.get(l - 1)));
            } catch (IllegalArgumentException e) {
                throw invalid(src, "layer " + l + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The activations' parameters from the metadata, or empty maps (the activations' defaults). */
    private static List<Map<String, Double>> parameters(Map<String, String> meta, int depth, String src)
            throws ModelFormatException {
        String key = SequentialLayout.ACTIVATION_PARAMETERS;
        List<Map<String, Double>> out = new ArrayList<>();
        if (!meta.containsKey(key)) {
            for (int l = 0; l < depth; l++) {
                out.add(Map.of());
            }
            return out;
        }
        Object v = json(meta, key, src);
        if (!(v instanceof List<?> list) || list.size() != depth) {
            throw invalid(src, "metadata " + Checks.quote(key) + " must be a JSON list of " + depth
                    + " objects (one per layer) of numbers");
        }
        for (Object o : list) {
            Map<String, Double> p = new LinkedHashMap<>();
            if (!(o instanceof Map<?, ?> map)) {
                throw invalid(src, "metadata " + Checks.quote(key) + " must be a JSON list of objects of numbers");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof Json.Num num)) {
                    throw invalid(src, "metadata " + Checks.quote(key) + ": parameter " + Checks.quote((String) e.getKey())
                            + " must be a number");
                }
                p.put((String) e.getKey(), num.doubleValue());
            }
            out.add(p);
        }
        return out;
    }

    private static Object json(Map<String, String> meta, String key, String src) throws ModelFormatException {
        try {
            return Json.parse(meta.get(key), SafetensorsHeader.MAX_DEPTH);
        } catch (Json.SyntaxException e) {
            throw invalid(src, "metadata " + Checks.quote(key) + " is not valid JSON at character " + e.position + ": "
                    + e.getMessage());
        }
    }

    private static List<String> strings(Map<String, String> meta, String key, String src) throws ModelFormatException {
        Object v = json(meta, key, src);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    out = null;
                    break;
                }
                out.add(s);
            }
            if (out != null) {
                return out;
            }
        }
        throw invalid(src, "metadata " + Checks.quote(key) + " must be a JSON list of strings");
    }

    /** A JSON array of numbers from the metadata, or null if the key is absent. */
    private static double[] numbers(Map<String, String> meta, String key, String src) throws ModelFormatException {
        if (!meta.containsKey(key)) {
            return null;
        }
        Object v = json(meta, key, src);
        if (v instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Json.Num num)) {
                    throw invalid(src, "metadata " + Checks.quote(key) + " must be a JSON array of numbers but element "
                            + i + " is not a number");
                }
                out[i] = num.doubleValue();
            }
            return out;
        }
        throw invalid(src, "metadata " + Checks.quote(key) + " must be a JSON array of numbers");
    }

    /** The values of {@code t}, widened to double, row-major. */
    private static double[] values(FileChannel ch, String src, long dataStart, Tensor t) throws IOException {
        double[] out = new double[(int) t.count()];
        long remaining = t.end() - t.begin();
        ch.position(dataStart + t.begin());
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, remaining)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        while (remaining > 0) {
            buf.clear().limit((int) Math.min(buf.capacity(), remaining));
            FrameReader.readFully(ch, buf, src);
            buf.flip();
            remaining -= buf.remaining();
            i = t.dtype().decode(buf, out, i);
        }
        return out;
    }

    private static ModelFormatException invalid(String src, String what) {
        return new ModelFormatException(Problem.INVALID, src + ": invalid safetensors file: " + what);
    }
}
