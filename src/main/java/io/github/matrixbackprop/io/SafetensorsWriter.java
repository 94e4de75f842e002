package io.github.matrixbackprop.io;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;

/**
 * Writes a model as a safetensors file: the 8-byte little-endian header length {@code N}, the JSON
 * header padded with spaces to a multiple of 8 bytes, then the tensors {@code 0.weight},
 * {@code 0.bias}, {@code 2.weight}, ... one after the other, little-endian and row-major.
 */
final class SafetensorsWriter {

    /** The most bytes one tensor may take here: one Java array. */
    private static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

    private SafetensorsWriter() {
    }

    static void write(Model model, Path file, Safetensors.Dtype dtype) throws IOException {
        Network network = model.network();
        int size = dtype == Safetensors.Dtype.F64 ? 8 : 4;
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            ModelFiles.requireRecreatable(l, layer.activation());
            ModelFiles.requireFinite(l, layer);
            if ((long) layer.weights().getNumElements() * size > MAX_TENSOR_BYTES) {
                throw new IllegalArgumentException("layer " + l + ": W^" + l + " is " + layer.outputs() + "x"
                        + layer.inputs() + ", more than one tensor of " + dtype + " holds here");
            }
            if (dtype == Safetensors.Dtype.F32) {
                requireFloatRange(l, "W^" + l, layer.weights());
                requireFloatRange(l, "b^" + l, layer.bias());
            }
        }
        byte[] header = header(model, dtype, size).getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(header, padded);
        Arrays.fill(headerBytes, header.length, padded, (byte) ' ');
        List<ByteBuffer> parts = new ArrayList<>();
        parts.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip());
        parts.add(ByteBuffer.wrap(headerBytes));
        for (Layer layer : network.layers()) {
            parts.add(tensor(layer.weights(), dtype, size));
            parts.add(tensor(layer.bias(), dtype, size));
        }
        AtomicFileWriter.write(file, parts.toArray(new ByteBuffer[0]));
    }

    /** The header JSON: metadata, then every layer's weight and bias with their offsets. */
    static String header(Model model, Safetensors.Dtype dtype, int size) {
        Network network = model.network();
        StringBuilder h = new StringBuilder("{\"").append(SafetensorsHeader.METADATA).append("\":{");
        entry(h, SequentialLayout.FORMAT, SequentialLayout.FORMAT_NAME, true);
        List<String> names = new ArrayList<>();
        StringBuilder parameters = new StringBuilder("[");
        boolean anyParameters = false;
        for (Layer layer : network.layers()) {
            Activation f = layer.activation();
            names.add(f.name());
            parameters.append(parameters.length() > 1 ? "," : "").append('{');
            boolean first = true;
            for (Map.Entry<String, Double> p : new TreeMap<>(f.parameters()).entrySet()) {
                parameters.append(first ? "" : ",").append(Json.string(p.getKey())).append(':')
                        .append(Json.number(p.getValue()));
                first = false;
                anyParameters = true;
            }
            parameters.append('}');
        }
        entry(h, SequentialLayout.ACTIVATIONS, Json.strings(names), false);
        if (anyParameters) {
            entry(h, SequentialLayout.ACTIVATION_PARAMETERS, parameters.append(']').toString(), false);
        }
        Scaler scaler = model.scaler().orElse(null);
        if (scaler != null) {
            entry(h, SequentialLayout.INPUT_SHIFT, Json.numbers(scaler.shift()), false);
            entry(h, SequentialLayout.INPUT_SCALE, Json.numbers(scaler.scale()), false);
        }
        if (model.isClassifier()) {
            entry(h, SequentialLayout.CLASSES, Json.strings(model.classes()), false);
        }
        h.append('}');
        long offset = 0;
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            offset = tensorEntry(h, SequentialLayout.weight(l), dtype, new long[] {layer.outputs(), layer.inputs()},
                    offset, size);
            offset = tensorEntry(h, SequentialLayout.bias(l), dtype, new long[] {layer.outputs()}, offset, size);
        }
        return h.append('}').toString();
    }

    private static void entry(StringBuilder h, String key, String value, boolean first) {
        h.append(first ? "" : ",").append(Json.string(key)).append(':').append(Json.string(value));
    }

    private static long tensorEntry(StringBuilder h, String name, Safetensors.Dtype dtype, long[] shape, long offset,
                                    int size) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        long end = offset + count * size;
        h.append(',').append(Json.string(name)).append(":{\"dtype\":\"").append(dtype.name()).append("\",\"shape\":[");
        for (int i = 0; i < shape.length; i++) {
            h.append(i == 0 ? "" : ",").append(shape[i]);
        }
        h.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
        return end;
    }

    /** The values of {@code m}, row-major, little-endian. */
    private static ByteBuffer tensor(DMatrixRMaj m, Safetensors.Dtype dtype, int size) {
        int n = m.getNumElements();
        ByteBuffer b = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (dtype == Safetensors.Dtype.F64) {
                b.putDouble(m.data[i]);
            } else {
                b.putFloat((float) m.data[i]);
            }
        }
        return b.flip();
    }

    /** Requires every value to stay finite when rounded to a float. */
    private static void requireFloatRange(int l, String role, DMatrixRMaj m) {
        int n = m.getNumElements();
        for (int i = 0; i < n; i++) {
            if (Float.isInfinite((float) m.data[i])) {
                throw new IllegalArgumentException("layer " + l + ": " + role + " holds " + m.data[i] + " at row "
                        + (i / m.numCols) + ", column " + (i % m.numCols) + ", beyond the range of F32; export as F64");
            }
        }
    }
}
