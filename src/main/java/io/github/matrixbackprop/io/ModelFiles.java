package io.github.matrixbackprop.io;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.OptimizerState;
import io.github.matrixbackprop.util.Checks;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.ejml.data.DMatrixRMaj;

/**
 * Saves and loads models, networks and optimizer states in the binary format of
 * {@code docs/model-format.md} (versions 1 to {@value #VERSION}): a 16-byte header (magic
 * {@code MXBP}, version, kind, payload length), the payload, and a CRC-32 of everything before
 * it. Doubles are stored as their IEEE 754 bit patterns and round-trip exactly.
 *
 * <p>A file gets the lowest version that holds its content. A network (kind 1) is version 2 only
 * when some layer has a dropout rate above 0 (version 2 stores each layer's rate), else version 1;
 * an optimizer state (kind 2) is always version 1; so those files stay readable by version 1
 * readers, and version 1 networks load with dropout rate 0 in every layer. A {@link Model}
 * (kind 3, new in version 2) holds the network, its input scaling and its class names; its layers'
 * dropout rates travel as per-layer options. Activations are stored by name and parameters and
 * recreated through {@link Activations#create(String, Map)}: built-in ones, and the user's own where
 * they are registered ({@link Activations#register}).
 *
 * <p>Saving is atomic: the bytes go to a new temporary file in the target's directory, are forced
 * to disk, and the temporary file is then renamed over the target, so a crash leaves either the old
 * file or the new one, never a partial file (and the next save of that target removes the crashed
 * save's temporary file). A new file gets the default permissions (the process's umask applies, as
 * for {@code Files.write}); an existing file keeps its POSIX permissions. A symbolic link is
 * followed: the file it leads to is replaced and the link stays. A directory, FIFO or device is
 * never replaced. The "Saving" section of {@code docs/model-format.md} has the details.
 *
 * <p>Loading checks the magic, the version, the kind and the declared length against the file's
 * size before it reads the content (so memory stays bounded by the content actually present), then
 * the checksum, and throws a {@link ModelFormatException} naming the file and the problem.
 * Stateless and thread-safe; concurrent saves to one path each install a complete file, and the
 * last rename wins.
 */
public final class ModelFiles {

    /** The newest format version this library writes and reads. */
    public static final int VERSION = 2;

    /** The version of optimizer states and of networks without dropout, whose layout has not changed since. */
    static final int VERSION_1 = 1;

    /** The first version whose network layers carry a dropout rate, and the first with models (kind 3). */
    static final int VERSION_DROPOUT = 2;

    /** The name of the per-layer model option that holds the layer's dropout rate ({@code f64}). */
    static final String OPTION_DROPOUT = "dropout";

    static final byte[] MAGIC = {'M', 'X', 'B', 'P'};
    static final int KIND_NETWORK = 1;
    static final int KIND_OPTIMIZER = 2;
    static final int KIND_MODEL = 3;
    static final int HEADER = 16;

    /** Input transformation of a model: none. */
    static final int INPUT_NONE = 0;
    /** Input transformation of a model: {@code x' = (x - shift) / scale} per column. */
    static final int INPUT_AFFINE = 1;
    /** Outputs of a model: plain values. */
    static final int OUTPUT_VALUES = 0;
    /** Outputs of a model: named classes. */
    static final int OUTPUT_CLASSES = 1;

    /** The largest payload this library writes and reads: the bytes fit in one Java array. */
    static final long MAX_CONTENT = Integer.MAX_VALUE - 16;

    private ModelFiles() {
    }

    /**
     * Saves the architecture, activations (with their parameters), weights, biases and dropout
     * rates of {@code network} to {@code file}, atomically: as version 1 when no layer has a
     * dropout rate, else as version 2.
     *
     * <p>Nothing is written when the network cannot be saved. {@code file} may be a symbolic
     * link: the file it leads to is replaced and the link is kept. An existing file keeps its
     * POSIX permissions; a new one gets the default permissions.
     *
     * @param network the network to save; not modified
     * @param file the file to write; replaced only when writing succeeded
     * @throws IllegalArgumentException if a layer's activation is neither built in nor registered under its
     *     name (it could not be recreated), if {@code W^l} or {@code b^l} holds NaN or an infinity (the message
     *     names the layer, the tensor, the row and the column; a model file holds only finite parameters), or
     *     if {@code file} names no file (e.g. {@code /})
     * @throws java.io.IOException naming {@code file}, if its folder does not exist, it is a directory or
     *     another file that is not a regular file (a FIFO, a device), or it cannot be written
     */
    public static void save(Network network, Path file) throws IOException {
        Checks.notNull(network, "network");
        Checks.notNull(file, "file");
        int version = VERSION_1;
        for (Layer layer : network.layers()) {
            if (layer.dropout() > 0) {
                version = VERSION_DROPOUT;
            }
        }
        PayloadBuffer bytes = new PayloadBuffer("the network");
        writeNetwork(new DataOutputStream(bytes), network, version >= VERSION_DROPOUT);
        AtomicFileWriter.write(file, frame(KIND_NETWORK, version, bytes));
    }

    /**
     * The network payload (kind 1): {@code L}, then every layer, each ending with its dropout rate
     * when {@code withDropout} (the version 2 network layout), else in the version 1 layout.
     */
    private static void writeNetwork(DataOutputStream out, Network network, boolean withDropout) throws IOException {
        out.writeInt(network.depth());
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            Activation f = layer.activation();
            requireRecreatable(l, f);
            requireFinite(l, layer);
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
            if (withDropout) {
                out.writeDouble(layer.dropout());
            }
        }
    }

    /**
     * Loads a network saved by {@link #save(Network, Path)} (format version 1, whose layers load
     * with dropout rate 0, or 2).
     *
     * @param file the file to read
     * @return the network, with new parameter matrices
     * @throws java.io.IOException naming {@code file}, if it does not exist, is a directory or not a regular
     *     file, or cannot be read; or a {@link ModelFormatException} saying why its content is not a valid
     *     network ({@link ModelFormatException.Problem#UNKNOWN_ACTIVATION} for an activation that is neither
     *     built in nor registered, naming it)
     */
    public static Network loadNetwork(Path file) throws IOException {
        FrameReader.Frame frame = FrameReader.frame(file, KIND_NETWORK);
        return loadNetworkPayload(frame.payload(), file.toString(), frame.version() >= VERSION_DROPOUT);
    }

    /**
     * Reads a network payload (kind 1) from {@code p}'s position, each layer ending with its dropout
     * rate when {@code withDropout}; what follows it is left unread.
     */
    private static Network readNetwork(ByteBuffer p, String src, boolean withDropout) throws ModelFormatException {
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
                double dropout = withDropout ? p.getDouble() : 0.0;
                if (!Activations.isKnown(name)) {
                    throw unknownActivation(src, l, name);
                }
                Activation f;
                try {
                    f = Activations.create(name, params);
                } catch (IllegalArgumentException e) {
                    throw invalid(src, "layer " + l + ": " + e.getMessage());
                }
                try {
                    layers.add(new Layer(w, b, f, dropout));
                } catch (IllegalArgumentException e) {
                    throw invalid(src, "layer " + l + ": " + e.getMessage());
                }
            }
            return new Network(layers);
        } catch (IllegalArgumentException e) {
            throw invalid(src, e.getMessage());
        }
    }

    /**
     * Saves a model, atomically, like {@link #save(Network, Path)}: its network (architecture,
     * activations with their parameters, weights, biases and dropout rates), its input scaling
     * ({@code shift} and {@code scale} per column) and its class names, as format version 2 (kind 3,
     * {@code docs/model-format.md}). A layer's dropout rate {@code p > 0} is stored as its option
     * {@code dropout}. Every double round-trips exactly.
     *
     * @param model the model to save; not modified
     * @param file the file to write; replaced only when writing succeeded
     * @throws IllegalArgumentException as {@link #save(Network, Path)}, or if a class name is longer than
     *     65535 bytes in UTF-8; nothing is written
     * @throws java.io.IOException naming {@code file}, if its folder does not exist, it is a directory or
     *     another file that is not a regular file (a FIFO, a device), or it cannot be written
     */
    public static void save(Model model, Path file) throws IOException {
        Checks.notNull(model, "model");
        Checks.notNull(file, "file");
        PayloadBuffer bytes = new PayloadBuffer("the model");
        DataOutputStream out = new DataOutputStream(bytes);
        Network network = model.network();
        writeNetwork(out, network, false); // the version 1 network layout; rates follow as options
        for (Layer layer : network.layers()) {
            if (layer.dropout() > 0) {
                out.writeShort(1);
                writeString(out, OPTION_DROPOUT);
                out.writeDouble(layer.dropout());
            } else {
                out.writeShort(0);
            }
        }
        Scaler scaler = model.scaler().orElse(null);
        if (scaler == null) {
            out.writeByte(INPUT_NONE);
        } else {
            out.writeByte(INPUT_AFFINE);
            out.writeInt(scaler.shift().length);
            for (double v : scaler.shift()) {
                out.writeDouble(v);
            }
            for (double v : scaler.scale()) {
                out.writeDouble(v);
            }
        }
        if (!model.isClassifier()) {
            out.writeByte(OUTPUT_VALUES);
        } else {
            out.writeByte(OUTPUT_CLASSES);
            out.writeInt(model.classes().size());
            for (String name : model.classes()) {
                writeString(out, name);
            }
        }
        AtomicFileWriter.write(file, frame(KIND_MODEL, VERSION, bytes));
    }

    /**
     * Loads a model saved by {@link #save(Model, Path)}, or a network saved by
     * {@link #save(Network, Path)} (format version 1 or 2) as a model without input scaling whose
     * outputs are plain values.
     *
     * @param file the file to read
     * @return the model, with a new network whose layers have the stored dropout rates
     * @throws java.io.IOException naming {@code file}, if it does not exist, is a directory or not a regular
     *     file, or cannot be read; or a {@link ModelFormatException} saying why its content is not a valid
     *     model ({@link ModelFormatException.Problem#UNKNOWN_ACTIVATION} for an activation that is neither
     *     built in nor registered, naming it)
     */
    public static Model loadModel(Path file) throws IOException {
        FrameReader.Frame frame = FrameReader.frame(file, KIND_MODEL, KIND_NETWORK);
        ByteBuffer p = frame.payload();
        String src = file.toString();
        if (frame.kind() == KIND_NETWORK) {
            return Model.of(loadNetworkPayload(p, src, frame.version() >= VERSION_DROPOUT));
        }
        if (frame.version() < VERSION_DROPOUT) {
            throw invalid(src, "format version " + frame.version() + " has no models (kind " + KIND_MODEL
                    + " is new in version " + VERSION_DROPOUT + ")");
        }
        try {
            Network network = withLayerOptions(readNetwork(p, src, false), p, src);
            Model model = Model.of(network);
            int input = Byte.toUnsignedInt(p.get());
            if (input == INPUT_AFFINE) {
                model = model.withScaler(readScaler(p, src, network.inputSize()));
            } else if (input != INPUT_NONE) {
                throw invalid(src, "unknown input transformation " + input);
            }
            int output = Byte.toUnsignedInt(p.get());
            if (output == OUTPUT_CLASSES) {
                model = model.withClasses(readClasses(p, src));
            } else if (output != OUTPUT_VALUES) {
                throw invalid(src, "unknown output kind " + output);
            }
            requireConsumed(p, src);
            return model;
        } catch (BufferUnderflowException e) {
            throw invalid(src, "the model content ends early");
        } catch (IllegalArgumentException e) {
            throw invalid(src, e.getMessage());
        }
    }

    /**
     * Reads the per-layer options of a model (kind 3) that follow its network and returns the
     * network with them applied: option {@code dropout} sets the layer's dropout rate; any other
     * name, or a name given twice, is invalid.
     */
    private static Network withLayerOptions(Network network, ByteBuffer p, String src) throws ModelFormatException {
        List<Layer> layers = new ArrayList<>(network.depth());
        for (int l = 1; l <= network.depth(); l++) {
            Layer layer = network.layer(l);
            int options = Short.toUnsignedInt(p.getShort());
            Double dropout = null;
            for (int i = 0; i < options; i++) {
                String name = readString(p, src);
                double value = p.getDouble();
                if (!name.equals(OPTION_DROPOUT)) {
                    throw invalid(src, "layer " + l + " has the option " + Checks.quote(name)
                            + ", which this library does not know (known: " + OPTION_DROPOUT + ")");
                }
                if (dropout != null) {
                    throw invalid(src, "layer " + l + " has the option " + Checks.quote(name) + " twice");
                }
                dropout = value;
            }
            if (dropout != null) {
                try {
                    layer = layer.withDropout(dropout);
                } catch (IllegalArgumentException e) {
                    throw invalid(src, "layer " + l + ": " + e.getMessage());
                }
            }
            layers.add(layer);
        }
        return new Network(layers);
    }

    private static Network loadNetworkPayload(ByteBuffer p, String src, boolean withDropout)
            throws ModelFormatException {
        try {
            Network network = readNetwork(p, src, withDropout);
            requireConsumed(p, src);
            return network;
        } catch (BufferUnderflowException e) {
            throw invalid(src, "the network content ends early");
        }
    }

    private static Scaler readScaler(ByteBuffer p, String src, int inputs) throws ModelFormatException {
        int n = p.getInt();
        if (n != inputs) {
            throw invalid(src, "the input scaling has " + Integer.toUnsignedString(n) + " columns but the network"
                    + " takes " + inputs + " inputs");
        }
        if ((long) n * 16 > p.remaining()) {
            throw invalid(src, "the input scaling declares " + n + " columns but only " + p.remaining()
                    + " bytes remain");
        }
        double[] shift = new double[n];
        double[] scale = new double[n];
        for (int c = 0; c < n; c++) {
            shift[c] = p.getDouble();
        }
        for (int c = 0; c < n; c++) {
            scale[c] = p.getDouble();
        }
        try {
            return new Scaler(shift, scale);
        } catch (IllegalArgumentException e) {
            throw invalid(src, "input scaling: " + e.getMessage());
        }
    }

    private static List<String> readClasses(ByteBuffer p, String src) throws ModelFormatException {
        int k = p.getInt();
        if (k < 0 || k > p.remaining() / 2) { // every name takes at least its 2-byte length
            throw invalid(src, "the model declares " + Integer.toUnsignedString(k) + " class names but only "
                    + p.remaining() + " bytes remain");
        }
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            names.add(readString(p, src));
        }
        return names;
    }

    /**
     * Saves an optimizer's state (from {@code Optimizer.state()}), atomically, like
     * {@link #save(Network, Path)}. The buffers may hold any double (NaN and infinities too: they
     * load again).
     *
     * @param state the state to save; not modified
     * @param file the file to write; replaced only when writing succeeded
     * @throws IllegalArgumentException if the slots hold different numbers of tensors, a name is longer
     *     than 65535 bytes, or {@code file} names no file (e.g. {@code /}); nothing is written
     * @throws java.io.IOException naming {@code file}, if its folder does not exist, it is a directory or
     *     another file that is not a regular file (a FIFO, a device), or it cannot be written
     */
    public static void save(OptimizerState state, Path file) throws IOException {
        Checks.notNull(state, "optimizer state");
        Checks.notNull(file, "file");
        PayloadBuffer bytes = new PayloadBuffer("the optimizer state");
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
        AtomicFileWriter.write(file, frame(KIND_OPTIMIZER, VERSION_1, bytes));
    }

    /**
     * Loads an optimizer state saved by {@link #save(OptimizerState, Path)}.
     *
     * @param file the file to read
     * @return the state
     * @throws java.io.IOException naming {@code file}, if it does not exist, is a directory or not a regular
     *     file, or cannot be read; or a {@link ModelFormatException} saying why its content is not a valid
     *     optimizer state
     */
    public static OptimizerState loadOptimizerState(Path file) throws IOException {
        ByteBuffer p = FrameReader.payload(file, KIND_OPTIMIZER);
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
                        throw invalid(src, "slot " + Checks.quote(slots.get(s)) + ", tensor " + t + " declares "
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

    /**
     * Requires that {@link Activations#create} recreates {@code f} from its name and parameters: an
     * equal activation, or one of the same class with the same parameters.
     */
    static void requireRecreatable(int l, Activation f) {
        Activation again;
        try {
            again = Activations.isKnown(f.name()) ? Activations.create(f.name(), f.parameters()) : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + l + ": activation " + Checks.quote(f.name()) + " ("
                    + f.getClass().getName() + ") cannot be recreated from its name and parameters "
                    + f.parameters() + ": " + e.getMessage(), e);
        }
        if (again == null) {
            throw new IllegalArgumentException("layer " + l + ": activation " + Checks.quote(f.name()) + " ("
                    + f.getClass().getName() + ") is neither built in nor registered, so a file could not recreate"
                    + " it; register it with Activations.register(name, factory); known: "
                    + String.join(", ", Activations.names()));
        }
        if (!again.equals(f) && !(again.getClass() == f.getClass() && again.parameters().equals(f.parameters()))) {
            throw new IllegalArgumentException("layer " + l + ": activation " + Checks.quote(f.name()) + " ("
                    + f.getClass().getName() + ") is not the one known under that name (" + again.getClass().getName()
                    + " with parameters " + again.parameters() + "), so a file could not recreate it");
        }
    }

    /**
     * Requires finite parameters: a loader refuses NaN and infinities in {@code W^l} and {@code b^l}
     * (a {@link Layer} cannot hold them), so a file holding them could not be loaded again.
     */
    static void requireFinite(int l, Layer layer) {
        try {
            Checks.allFinite(layer.weights(), "W^" + l);
            Checks.allFinite(layer.bias(), "b^" + l);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + l + ": " + e.getMessage()
                    + "; a model file holds only finite parameters, so nothing was saved", e);
        }
    }

    /** The file's parts: header (with the format {@code version}), payload, CRC-32 of both. */
    private static ByteBuffer[] frame(int kind, int version, PayloadBuffer payload) {
        ByteBuffer body = payload.contents();
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.put(MAGIC).putShort((short) version).put((byte) kind).put((byte) 0).putLong(body.remaining()).flip();
        CRC32 crc = new CRC32();
        crc.update(header.duplicate());
        crc.update(body.duplicate());
        ByteBuffer checksum = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
        return new ByteBuffer[] {header, body, checksum};
    }

    private static void requireConsumed(ByteBuffer p, String src) throws ModelFormatException {
        if (p.hasRemaining()) {
            throw invalid(src, p.remaining() + " bytes of content are left over");
        }
    }

    /** Layer {@code l} of {@code src} uses an activation that is neither built in nor registered. */
    static ModelFormatException unknownActivation(String src, int l, String name) {
        return new ModelFormatException(ModelFormatException.Problem.UNKNOWN_ACTIVATION, src + ": layer " + l
                + " uses the activation " + Checks.quote(name) + ", which is neither built in nor registered"
                + " (register it with Activations.register before loading); known: "
                + String.join(", ", Activations.names()));
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
}
