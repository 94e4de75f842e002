package io.github.matrixbackprop.io;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.OptimizerState;
import io.github.matrixbackprop.util.Checks;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.ejml.data.DMatrixRMaj;

/**
 * Saves and loads networks and optimizer states in the binary format of
 * {@code docs/model-format.md} (version {@value #VERSION}): a 16-byte header (magic
 * {@code MXBP}, version, kind, payload length), the payload, and a CRC-32 of everything before
 * it. Doubles are stored as their IEEE 754 bit patterns and round-trip exactly.
 *
 * <p>Saving is atomic: the bytes go to a temporary file in the target's directory, are forced to
 * disk, and the temporary file is then moved over the target, so a crash leaves either the old
 * file or the new one, never a partial file. Loading checks the magic, the version, the kind, the
 * length and the checksum before it reads the content, and throws a {@link ModelFormatException}
 * naming the problem. Stateless and thread-safe (concurrent saves to one path: the last move wins).
 */
public final class ModelFiles {

    /** The format version this library writes and the newest it reads. */
    public static final int VERSION = 1;

    static final byte[] MAGIC = {'M', 'X', 'B', 'P'};
    static final int KIND_NETWORK = 1;
    static final int KIND_OPTIMIZER = 2;
    static final int HEADER = 16;

    private ModelFiles() {
    }

    /**
     * Saves the architecture, activations (with their parameters), weights and biases of
     * {@code network} to {@code file}, atomically.
     *
     * @param network the network to save; not modified
     * @param file the file to write; replaced only when writing succeeded
     * @throws IllegalArgumentException if a layer's activation is not a built-in one (it could not be recreated)
     * @throws java.io.IOException if the file cannot be written
     */
    public static void save(Network network, Path file) throws IOException {
        Checks.notNull(network, "network");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(network.depth());
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            Activation f = layer.activation();
            requireBuiltIn(l, f);
            writeString(out, f.name());
            out.writeShort(f.parameters().size());
            for (Map.Entry<String, Double> p : new java.util.TreeMap<>(f.parameters()).entrySet()) {
                writeString(out, p.getKey());
                out.writeDouble(p.getValue());
            }
            out.writeInt(layer.outputs());
            out.writeInt(layer.inputs());
            for (int i = 0; i < layer.weights().getNumElements(); i++) {
                out.writeDouble(layer.weights().data[i]);
            }
            for (int i = 0; i < layer.outputs(); i++) {
                out.writeDouble(layer.bias().data[i]);
            }
        }
        writeAtomically(file, frame(KIND_NETWORK, bytes.toByteArray()));
    }

    /**
     * Loads a network saved by {@link #save(Network, Path)}.
     *
     * @param file the file to read
     * @return the network, with new parameter matrices
     * @throws java.io.IOException if the file cannot be read, or a {@link ModelFormatException} saying why its
     *     content is not a valid network
     */
    public static Network loadNetwork(Path file) throws IOException {
        ByteBuffer p = payload(file, KIND_NETWORK);
        String src = file.toString();
        try {
            int depth = p.getInt();
            if (depth < 1 || depth > p.remaining()) {
                throw invalid(src, "the network declares " + Integer.toUnsignedString(depth) + " layers");
            }
            List<Layer> layers = new ArrayList<>();
            for (int l = 1; l <= depth; l++) {
                String name = readString(p, src);
                int count = Short.toUnsignedInt(p.getShort());
                Map<String, Double> params = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    params.put(readString(p, src), p.getDouble());
                }
                int rows = p.getInt();
                int cols = p.getInt();
                if (rows < 1 || cols < 1) {
                    throw invalid(src, "layer " + l + " declares W of " + Integer.toUnsignedString(rows) + "x"
                            + Integer.toUnsignedString(cols));
                }
                long values = (long) rows * cols + rows;
                if (values > p.remaining() / 8) { // values * 8 could overflow a long
                    throw invalid(src, "layer " + l + " declares W of " + rows + "x" + cols + " but only "
                            + p.remaining() + " bytes remain");
                }
                DMatrixRMaj w = new DMatrixRMaj(rows, cols);
                for (int i = 0; i < w.data.length; i++) {
                    w.data[i] = p.getDouble();
                }
                DMatrixRMaj b = new DMatrixRMaj(rows, 1);
                for (int i = 0; i < rows; i++) {
                    b.data[i] = p.getDouble();
                }
                Activation f;
                try {
                    f = Activations.create(name, params);
                } catch (IllegalArgumentException e) {
                    throw invalid(src, "layer " + l + ": " + e.getMessage());
                }
                layers.add(new Layer(w, b, f));
            }
            requireConsumed(p, src);
            return new Network(layers);
        } catch (BufferUnderflowException e) {
            throw invalid(src, "the network content ends early");
        } catch (IllegalArgumentException e) {
            throw invalid(src, e.getMessage());
        }
    }

    /**
     * Saves an optimizer's state (from {@code Optimizer.state()}), atomically.
     *
     * @param state the state to save; not modified
     * @param file the file to write; replaced only when writing succeeded
     * @throws java.io.IOException if the file cannot be written
     */
    public static void save(OptimizerState state, Path file) throws IOException {
        Checks.notNull(state, "optimizer state");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeString(out, state.optimizer());
        out.writeLong(state.step());
        out.writeDouble(state.learningRate());
        out.writeShort(state.slots().size());
        for (String s : state.slots()) {
            writeString(out, s);
        }
        int tensors = state.buffers().isEmpty() ? 0 : state.buffers().get(0).size();
        out.writeInt(tensors);
        for (List<double[]> slot : state.buffers()) {
            if (slot.size() != tensors) {
                throw new IllegalArgumentException("every slot must hold " + tensors + " tensors");
            }
            for (double[] t : slot) {
                out.writeInt(t.length);
                for (double v : t) {
                    out.writeDouble(v);
                }
            }
        }
        writeAtomically(file, frame(KIND_OPTIMIZER, bytes.toByteArray()));
    }

    /**
     * Loads an optimizer state saved by {@link #save(OptimizerState, Path)}.
     *
     * @param file the file to read
     * @return the state
     * @throws java.io.IOException if the file cannot be read, or a {@link ModelFormatException} saying why its
     *     content is not a valid optimizer state
     */
    public static OptimizerState loadOptimizerState(Path file) throws IOException {
        ByteBuffer p = payload(file, KIND_OPTIMIZER);
        String src = file.toString();
        try {
            String name = readString(p, src);
            long step = p.getLong();
            double lr = p.getDouble();
            int slotCount = Short.toUnsignedInt(p.getShort());
            List<String> slots = new ArrayList<>();
            for (int s = 0; s < slotCount; s++) {
                slots.add(readString(p, src));
            }
            int tensors = p.getInt();
            if (tensors < 0 || (long) tensors * 4 * slotCount > p.remaining()) {
                throw invalid(src, "the state declares " + Integer.toUnsignedString(tensors) + " tensors per slot");
            }
            List<List<double[]>> buffers = new ArrayList<>();
            for (int s = 0; s < slotCount; s++) {
                List<double[]> slot = new ArrayList<>();
                for (int t = 0; t < tensors; t++) {
                    int n = p.getInt();
                    if (n < 0 || (long) n * 8 > p.remaining()) {
                        throw invalid(src, "slot " + slots.get(s) + ", tensor " + t + " declares "
                                + Integer.toUnsignedString(n) + " values but only " + p.remaining() + " bytes remain");
                    }
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = p.getDouble();
                    }
                    slot.add(v);
                }
                buffers.add(slot);
            }
            requireConsumed(p, src);
            return new OptimizerState(name, step, lr, slots, buffers);
        } catch (BufferUnderflowException e) {
            throw invalid(src, "the optimizer state ends early");
        }
    }

    private static void requireBuiltIn(int l, Activation f) {
        boolean builtIn;
        try {
            builtIn = Activations.create(f.name(), f.parameters()).equals(f);
        } catch (IllegalArgumentException e) {
            builtIn = false;
        }
        if (!builtIn) {
            throw new IllegalArgumentException("layer " + l + ": activation '" + f.name() + "' (" + f.getClass().getName()
                    + ") is not a built-in activation, so a model file could not recreate it; built in: "
                    + String.join(", ", Activations.NAMES));
        }
    }

    private static byte[] frame(int kind, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length + 4);
        b.put(MAGIC).putShort((short) VERSION).put((byte) kind).put((byte) 0).putLong(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, HEADER + payload.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Reads and checks the frame; returns the payload positioned at its start. */
    private static ByteBuffer payload(Path file, int kind) throws IOException {
        Checks.notNull(file, "file");
        long size = Files.size(file);
        String src = file.toString();
        if (size < MAGIC.length) {
            throw new ModelFormatException(ModelFormatException.Problem.NOT_A_MODEL_FILE,
                    src + ": " + size + " bytes, too short to be a model file");
        }
        byte[] all = Files.readAllBytes(file);
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) {
                throw new ModelFormatException(ModelFormatException.Problem.NOT_A_MODEL_FILE,
                        src + ": not a matrix-backprop model file (it does not start with MXBP)");
            }
        }
        if (all.length < HEADER) {
            throw new ModelFormatException(ModelFormatException.Problem.TRUNCATED,
                    src + ": truncated: the file ends inside the 16-byte header (" + all.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        int version = Short.toUnsignedInt(b.getShort(4));
        if (version > VERSION) {
            throw new ModelFormatException(ModelFormatException.Problem.NEWER_VERSION,
                    src + ": format version " + version + " is newer than this library reads (up to " + VERSION + ")");
        }
        if (version == 0) {
            throw new ModelFormatException(ModelFormatException.Problem.CORRUPTED, src + ": format version 0 does not exist");
        }
        int fileKind = Byte.toUnsignedInt(b.get(6));
        if (fileKind != kind) {
            throw new ModelFormatException(ModelFormatException.Problem.WRONG_KIND,
                    src + ": the file holds " + kindName(fileKind) + ", not " + kindName(kind));
        }
        long length = b.getLong(8);
        long expected = HEADER + length + 4;
        if (length < 0 || all.length < expected) {
            throw new ModelFormatException(ModelFormatException.Problem.TRUNCATED, src + ": truncated: the header"
                    + " declares " + (length < 0 ? Long.toUnsignedString(length) : String.valueOf(expected))
                    + " bytes but the file has " + all.length);
        }
        if (all.length > expected) {
            throw new ModelFormatException(ModelFormatException.Problem.CORRUPTED, src + ": " + (all.length - expected)
                    + " bytes follow the content the header declares");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, (int) (HEADER + length));
        int stored = b.getInt((int) (HEADER + length));
        if (stored != (int) crc.getValue()) {
            throw new ModelFormatException(ModelFormatException.Problem.CORRUPTED, String.format(
                    "%s: corrupted: the CRC-32 is %08x but the content gives %08x", src, stored, (int) crc.getValue()));
        }
        return ByteBuffer.wrap(all, HEADER, (int) length).slice();
    }

    private static String kindName(int kind) {
        return switch (kind) {
            case KIND_NETWORK -> "a network";
            case KIND_OPTIMIZER -> "an optimizer state";
            default -> "content of unknown kind " + kind;
        };
    }

    private static void requireConsumed(ByteBuffer p, String src) throws ModelFormatException {
        if (p.hasRemaining()) {
            throw invalid(src, p.remaining() + " bytes of content are left over");
        }
    }

    private static ModelFormatException invalid(String src, String what) {
        return new ModelFormatException(ModelFormatException.Problem.INVALID, src + ": invalid content: " + what);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("a name of " + b.length + " bytes is too long for a model file");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer p, String src) throws ModelFormatException {
        int n = Short.toUnsignedInt(p.getShort());
        if (n > p.remaining()) {
            throw invalid(src, "a name of " + n + " bytes but only " + p.remaining() + " remain");
        }
        byte[] b = new byte[n];
        p.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes to a temporary file next to {@code target}, forces it to disk, then moves it over {@code target}. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Checks.notNull(target, "file");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
