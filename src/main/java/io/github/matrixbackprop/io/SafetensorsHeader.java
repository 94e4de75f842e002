package io.github.matrixbackprop.io;

import io.github.matrixbackprop.io.ModelFormatException.Problem;
import io.github.matrixbackprop.util.Checks;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file, checked against the format's rules: a JSON object whose
 * keys are tensor names (each an object with exactly {@code dtype}, {@code shape} and
 * {@code data_offsets}) and the optional {@code __metadata__} (an object of strings); shapes of
 * non-negative integers whose element count times the dtype's size is the byte length of
 * {@code data_offsets = [begin, end]}; and offsets that cover the data from byte 0 to its end with
 * no gap and no overlap, as the format requires.
 *
 * @param metadata the {@code __metadata__} entries, in file order; empty if there are none
 * @param tensors the tensors, in file order
 */
record SafetensorsHeader(Map<String, String> metadata, List<Tensor> tensors) {

    /** The largest header the format allows (the reference implementation's limit): 100 MB. */
    static final long MAX_BYTES = 100_000_000L;

    /** How deep arrays and objects may nest in the header (it needs 3). */
    static final int MAX_DEPTH = 16;

    /** The key of the metadata object. */
    static final String METADATA = "__metadata__";

    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    /**
     * One tensor of the header.
     *
     * @param name its name
     * @param dtype its element type
     * @param shape its dimensions, outermost first (row-major)
     * @param begin the offset of its first byte in the data (after the header)
     * @param end the offset after its last byte
     */
    record Tensor(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

        /** The number of elements: the product of the dimensions. */
        long count() {
            return (end - begin) / dtype.size;
        }

        /** The shape as {@code [8, 4]}. */
        String shapeText() {
            return java.util.Arrays.toString(shape);
        }
    }

    /**
     * Parses and checks a header.
     *
     * @param bytes the header's bytes (UTF-8 JSON, possibly followed by padding spaces)
     * @param dataLength the number of bytes after the header
     * @param src the file's name for messages
     * @return the header
     * @throws ModelFormatException naming the file and the problem: invalid UTF-8 or JSON (with the byte
     *     offset in the header), a field that breaks the format's rules (naming the tensor), or offsets
     *     that do not cover the data exactly
     */
    static SafetensorsHeader parse(byte[] bytes, long dataLength, String src) throws ModelFormatException {
        String text = decode(bytes, src);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new ModelFormatException(Problem.NOT_A_MODEL_FILE, src + ": not a safetensors file: its header"
                    + " does not start with '{'");
        }
        Object root;
        try {
            root = Json.parse(text, MAX_DEPTH);
        } catch (Json.SyntaxException e) {
            int at = text.substring(0, e.position).getBytes(StandardCharsets.UTF_8).length;
            throw invalid(src, "the header is not valid JSON at byte " + at + " of the header: " + e.getMessage());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Object> e : asObject(root).entrySet()) {
            if (e.getKey().equals(METADATA)) {
                metadata = metadata(e.getValue(), src);
            } else {
                tensors.add(tensor(e.getKey(), e.getValue(), src));
            }
        }
        if (tensors.isEmpty()) {
            throw invalid(src, "the header lists no tensors");
        }
        requireContiguous(tensors, dataLength, src);
        return new SafetensorsHeader(metadata, List.copyOf(tensors));
    }

    /** The header as text: strict UTF-8, with the byte offset of the first bad sequence. */
    private static String decode(byte[] bytes, String src) throws ModelFormatException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isUnderflow()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            throw invalid(src, "the header is not valid UTF-8 at byte " + in.position() + " of the header");
        }
        return out.flip().toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object v) {
        return (Map<String, Object>) v;
    }

    private static Map<String, String> metadata(Object value, String src) throws ModelFormatException {
        if (!(value instanceof Map)) {
            throw invalid(src, METADATA + " must be an object of strings but is " + kind(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : asObject(value).entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw invalid(src, METADATA + " " + Checks.quote(e.getKey()) + " must be a string but is "
                        + kind(e.getValue()));
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static Tensor tensor(String name, Object value, String src) throws ModelFormatException {
        String what = "tensor " + Checks.quote(name);
        if (!(value instanceof Map)) {
            throw invalid(src, what + " must be an object with dtype, shape and data_offsets but is " + kind(value));
        }
        Map<String, Object> fields = asObject(value);
        for (String key : fields.keySet()) {
            if (!FIELDS.contains(key)) {
                throw invalid(src, what + " has the unknown field " + Checks.quote(key)
                        + " (a tensor has dtype, shape and data_offsets)");
            }
        }
        for (String key : List.of("dtype", "shape", "data_offsets")) {
            if (!fields.containsKey(key)) {
                throw invalid(src, what + " has no " + key);
            }
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw invalid(src, what + ": dtype must be a string but is " + kind(fields.get("dtype")));
        }
        SafetensorsDtype dtype = SafetensorsDtype.of(dtypeName);
        if (dtype == null) {
            throw invalid(src, what + " has the dtype " + Checks.quote(dtypeName)
                    + "; this library reads F64, F32, F16 and BF16");
        }
        long[] shape = integers(fields.get("shape"), what + ": shape", src);
        long[] offsets = integers(fields.get("data_offsets"), what + ": data_offsets", src);
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw invalid(src, what + ": data_offsets must be [begin, end] with begin <= end but is "
                    + java.util.Arrays.toString(offsets));
        }
        long count = 1;
        for (long dim : shape) {
            if (dim != 0 && count > Long.MAX_VALUE / dtype.size / dim) {
                throw invalid(src, what + ": shape " + java.util.Arrays.toString(shape) + " has more elements than"
                        + " a file can hold");
            }
            count *= dim;
        }
        long bytes = offsets[1] - offsets[0];
        if (count * dtype.size != bytes) {
            throw invalid(src, what + ": shape " + java.util.Arrays.toString(shape) + " of " + dtype + " needs "
                    + count * dtype.size + " bytes but data_offsets " + java.util.Arrays.toString(offsets) + " hold "
                    + bytes);
        }
        return new Tensor(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers. */
    private static long[] integers(Object value, String what, String src) throws ModelFormatException {
        if (!(value instanceof List<?> list)) {
            throw invalid(src, what + " must be an array of non-negative integers but is " + kind(value));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            out[i] = v instanceof Json.Num n ? n.nonNegativeLong() : -1;
            if (out[i] < 0) {
                throw invalid(src, what + " must be an array of non-negative integers but element " + i + " is "
                        + (v instanceof Json.Num n ? n.text() : kind(v)));
            }
        }
        return out;
    }

    /** The byte ranges, sorted, must tile {@code [0, dataLength)}. */
    private static void requireContiguous(List<Tensor> tensors, long dataLength, String src)
            throws ModelFormatException {
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long at = 0;
        Tensor previous = null;
        for (Tensor t : sorted) {
            if (t.begin() > at) {
                throw invalid(src, (previous == null ? "the data starts with " + t.begin() + " bytes that no tensor holds"
                        : t.begin() - at + " bytes between tensor " + Checks.quote(previous.name()) + " (ending at "
                                + at + ") and tensor " + Checks.quote(t.name()) + " belong to no tensor")
                        + "; the tensors must cover the data without gaps");
            }
            if (t.begin() < at) {
                throw invalid(src, "tensor " + Checks.quote(t.name()) + " (bytes " + t.begin() + ".." + t.end()
                        + ") overlaps tensor " + Checks.quote(previous.name()) + " (bytes " + previous.begin() + ".."
                        + previous.end() + ")");
            }
            at = t.end();
            previous = t;
        }
        if (at > dataLength) {
            throw new ModelFormatException(Problem.TRUNCATED, src + ": truncated: tensor "
                    + Checks.quote(previous.name()) + " ends at byte " + at + " of the data but the file holds only "
                    + dataLength + " bytes of data");
        }
        if (at < dataLength) {
            throw new ModelFormatException(Problem.CORRUPTED, src + ": " + (dataLength - at)
                    + " bytes follow the last tensor's data");
        }
    }

    private static String kind(Object v) {
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Json.Num) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }

    private static ModelFormatException invalid(String src, String what) {
        return new ModelFormatException(Problem.INVALID, src + ": invalid safetensors file: " + what);
    }
}
