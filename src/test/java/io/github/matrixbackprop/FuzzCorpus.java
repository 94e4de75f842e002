package io.github.matrixbackprop;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.CsvOptions;
import io.github.matrixbackprop.data.CsvReader;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.IdxArray;
import io.github.matrixbackprop.data.IdxReader;
import io.github.matrixbackprop.data.LabeledData;
import io.github.matrixbackprop.data.MalformedDataException;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.io.ModelFiles;
import io.github.matrixbackprop.io.ModelFormatException;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.OptimizerState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * The fuzz targets, their seed inputs, and the corpus of interesting inputs kept as regression
 * tests ({@code src/test/resources/fuzz-corpus}, checked by {@code FuzzCorpusTest}).
 *
 * <p>Every input has an <em>outcome</em>: {@code ok ...} with a summary of what was read, or the
 * documented exception's type and message. The corpus holds, for every kind of outcome the
 * seeded fuzzer reaches (the message with numbers and quoted text blanked), the shortest input
 * that produces it, with its exact outcome; and the unmutated seed files. Regenerate it after an
 * intended change of behaviour:
 * <pre>
 * ./mvnw -B -q test-compile
 * java -cp "target/classes:target/test-classes:$(./mvnw -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     io.github.matrixbackprop.FuzzCorpus src/test/resources/fuzz-corpus
 * </pre>
 */
public final class FuzzCorpus {

    /** The targets: which reader, and for CSV which options. */
    public enum Target {
        CSV_DEFAULT, CSV_SKIP_ROW, CSV_REGRESSION_COLUMN_MEAN, CSV_NO_HEADER_SEMICOLON, IDX, NETWORK, OPTIMIZER_STATE,
        MODEL;

        /** The CSV options of a CSV target. */
        public CsvOptions csvOptions() {
            return switch (this) {
                case CSV_DEFAULT -> CsvOptions.defaults();
                case CSV_SKIP_ROW -> CsvOptions.defaults().withMissing(CsvOptions.MissingValues.SKIP_ROW);
                case CSV_REGRESSION_COLUMN_MEAN -> CsvOptions.defaults()
                        .withMissing(CsvOptions.MissingValues.COLUMN_MEAN).withTask(CsvOptions.Task.REGRESSION)
                        .withTarget(1);
                case CSV_NO_HEADER_SEMICOLON -> CsvOptions.defaults().withHeader(false).withDelimiter(';');
                default -> throw new IllegalStateException(this + " is not a CSV target");
            };
        }

        /** Whether this target reads CSV. */
        public boolean isCsv() {
            return name().startsWith("CSV");
        }
    }

    /** The four CSV targets, in the order the fuzz test cycles through them. */
    public static final Target[] CSV_TARGETS = {Target.CSV_DEFAULT, Target.CSV_SKIP_ROW,
        Target.CSV_REGRESSION_COLUMN_MEAN, Target.CSV_NO_HEADER_SEMICOLON};

    /** Header length of a model file (docs/model-format.md): magic, version, kind, payload length. */
    public static final int MODEL_HEADER = 16;

    private FuzzCorpus() {
    }

    /**
     * A CSV file for {@code target} with quotes, an escaped quote, NaN, a missing value and an
     * empty field (semicolons and no header for {@link Target#CSV_NO_HEADER_SEMICOLON}).
     */
    public static byte[] csvSeed(Target target) {
        return csvFor(target, "a,b,\"c, quoted\",label\n1,2.5,3,x\n-1,NaN,?,y\n4,5e3,6,\"z\"\"q\"\n,7,8,x\n");
    }

    /** A well-formed CSV file that {@code target} reads. */
    public static byte[] csvCleanSeed(Target target) {
        return csvFor(target, "a,b,c,label\n1,2.5,3,x\n-1,0.5,2,y\n4,5e3,6,z\n0,7,8,x\n");
    }

    private static byte[] csvFor(Target target, String text) {
        if (target == Target.CSV_NO_HEADER_SEMICOLON) {
            text = text.substring(text.indexOf('\n') + 1).replace(',', ';');
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A raw IDX file: unsigned bytes, three 4x4 images. */
    public static byte[] idxSeed() {
        byte[] pixels = new byte[48];
        for (int i = 0; i < 48; i++) {
            pixels[i] = (byte) (i * 5);
        }
        return idx(0x08, new int[] {3, 4, 4}, pixels);
    }

    /** An IDX file with the given element type, dimensions and raw data bytes (not checked). */
    public static byte[] idx(int type, int[] dims, byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code raw} gzip-compressed. */
    public static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(raw);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The network the model-file seeds hold: 3 -> 4 (leaky ReLU 0.2) -> 2 (softmax). */
    public static Network seedNetwork() {
        return TestNets.random(1, new int[] {3, 4, 2}, Activations.leakyRelu(0.2), Activations.softmax());
    }

    /**
     * A saved network ({@code kind = 0}, format version 1), a saved AMSGrad Adam state ({@code kind = 1}),
     * the seed network with dropout 0.25 in its hidden layer ({@code kind = 2}, format version 2), or a
     * saved model of that network with input scaling and two class names ({@code kind = 3}, format
     * version 2, the dropout rate as a layer option).
     */
    public static byte[] modelSeed(int kind, Path dir) throws IOException {
        Path file = dir.resolve(kind == 1 ? "seed-optimizer" : kind == 3 ? "seed-model" : "seed-network");
        if (kind == 0) {
            ModelFiles.save(seedNetwork(), file);
        } else if (kind == 1) {
            ModelFiles.save(Adam.defaults().withAmsgrad(true).create(seedNetwork()).state(), file);
        } else if (kind == 2) {
            ModelFiles.save(seedDropoutNetwork(), file);
        } else {
            ModelFiles.save(Model.of(seedDropoutNetwork()).withScaler(new Scaler(new double[] {0.5, -1, 2},
                    new double[] {1.5, 0.25, 3})).withClasses(List.of("no", "yes")), file);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    /** The seed network with dropout rate 0.25 in its hidden layer. */
    private static Network seedDropoutNetwork() {
        Network n = seedNetwork();
        return Network.of(n.layer(1).withDropout(0.25), n.layer(2));
    }

    /** Makes a model file's frame consistent again: payload length from the size, CRC-32 over the rest. */
    public static byte[] refresh(byte[] b) {
        if (b.length < MODEL_HEADER + 4) {
            return b;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putLong(8, b.length - MODEL_HEADER - 4);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        buf.putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    /**
     * Runs {@code target} on {@code input} and describes the outcome. The documented exceptions
     * (CSV and IDX: {@link MalformedDataException}; model files: {@link ModelFormatException})
     * become an outcome; anything else propagates.
     *
     * @param scratch a directory for the temporary file model files are loaded from
     */
    public static String outcome(Target target, byte[] input, Path scratch) throws IOException {
        if (target.isCsv()) {
            try {
                LabeledData d = CsvReader.read(new InputStreamReader(new ByteArrayInputStream(input),
                        StandardCharsets.UTF_8), target.csvOptions(), "fuzz.csv");
                return "ok " + d.dataset().size() + " rows, features " + d.featureNames() + ", classes "
                        + d.classNames() + ", values " + digest(d.dataset());
            } catch (MalformedDataException e) {
                return "MalformedDataException: " + e.getMessage();
            }
        }
        if (target == Target.IDX) {
            try {
                IdxArray a = IdxReader.read(new ByteArrayInputStream(input), "fuzz.idx");
                return "ok dimensions " + Arrays.toString(a.dimensions()) + ", values "
                        + Integer.toHexString(Arrays.hashCode(a.values()));
            } catch (MalformedDataException e) {
                return "MalformedDataException: " + e.getMessage();
            }
        }
        Path file = scratch.resolve("fuzz-input");
        Files.write(file, input);
        try {
            if (target == Target.NETWORK) {
                return "ok network " + describe(ModelFiles.loadNetwork(file));
            }
            if (target == Target.MODEL) {
                Model m = ModelFiles.loadModel(file);
                String scaler = m.scaler().map(s -> Integer.toHexString(31 * Arrays.hashCode(s.shift())
                        + Arrays.hashCode(s.scale()))).orElse("none");
                return "ok model " + describe(m.network()) + ", scaler " + scaler + ", classes " + m.classes();
            }
            OptimizerState s = ModelFiles.loadOptimizerState(file);
            int hash = 1;
            for (List<double[]> slot : s.buffers()) {
                for (double[] buffer : slot) {
                    hash = 31 * hash + Arrays.hashCode(buffer);
                }
            }
            return "ok " + s.optimizer() + " step " + s.step() + ", lr " + s.learningRate() + ", slots " + s.slots()
                    + ", buffers " + Integer.toHexString(hash);
        } catch (ModelFormatException e) {
            return "ModelFormatException " + e.problem() + ": " + e.getMessage().replace(file.toString(), "fuzz.mxbp");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The layers of a network (with their dropout rates) and a hash of its parameters. */
    private static String describe(Network n) {
        List<String> layers = new ArrayList<>();
        int hash = 1;
        for (Layer layer : n.layers()) {
            layers.add(layer.outputs() + "x" + layer.inputs() + " " + layer.activation().name()
                    + new TreeMap<>(layer.activation().parameters())
                    + (layer.dropout() > 0 ? " dropout " + layer.dropout() : ""));
            hash = 31 * hash + Arrays.hashCode(layer.weights().data);
            hash = 31 * hash + Arrays.hashCode(layer.bias().data);
        }
        return layers + ", parameters " + Integer.toHexString(hash);
    }

    private static String digest(Dataset d) {
        int hash = 31 * Arrays.hashCode(d.features().data) + Arrays.hashCode(d.targets().data);
        return Integer.toHexString(hash);
    }

    /** The kind of an outcome: numbers, quoted text and file-specific summaries blanked. */
    static String kind(String outcome) {
        if (outcome.startsWith("ok")) {
            return "ok";
        }
        // greedy: from the first to the last quote, whatever quotes the quoted text itself holds
        return outcome.replaceAll("(?s)\".*\"", "\"...\"")
                .replaceAll("(?s)'.*'", "'...'").replaceAll("(?s)slot .*, tensor", "slot ..., tensor")
                .replaceAll("\\b[0-9a-f]{8}\\b", "N")
                .replaceAll("[^\\s,;:()\\[\\]]*[0-9][^\\s,;:()\\[\\]]*", "N");
    }

    /** Writes {@code text} with backslash escapes for backslashes, tabs, line breaks and non-ASCII characters. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /** One corpus entry: a file, the target it is read by, and the outcome it must have. */
    public record Entry(Target target, String file, String expected) {
    }

    /** Reads {@code corpus.tsv} of a corpus directory. */
    public static List<Entry> read(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("corpus.tsv"), StandardCharsets.US_ASCII)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            entries.add(new Entry(Target.valueOf(f[0]), f[1], f[2]));
        }
        return entries;
    }

    /**
     * Regenerates the corpus in {@code args[0]}: runs the seeded fuzzer (the fuzz tests' seeds;
     * {@code args[1]} mutants per target, default 200,000, about a minute) and keeps the shortest
     * input of every outcome kind, plus the seeds. With a large {@code args[1]} it is a fuzz campaign: it reports
     * the executions and the slowest input, and if any input throws something other than the
     * documented exception it writes those inputs as {@code crash-N.bin}, no corpus, and exits
     * with status 1.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Path scratch = Files.createTempDirectory("fuzz-corpus");
        Campaign c = new Campaign(scratch);
        // the seeds themselves, then the mutants
        for (Target t : CSV_TARGETS) {
            c.keepSeed(t, csvSeed(t), "seed");
            c.keepSeed(t, csvCleanSeed(t), "clean seed");
        }
        byte[] raw = idxSeed();
        byte[] gz = gzip(raw);
        c.keepSeed(Target.IDX, raw, "raw seed");
        c.keepSeed(Target.IDX, gz, "gzip seed");
        byte[][] models = {modelSeed(0, scratch), modelSeed(1, scratch), modelSeed(2, scratch),
            modelSeed(3, scratch)};
        c.keepSeed(Target.NETWORK, models[0], "seed");
        c.keepSeed(Target.OPTIMIZER_STATE, models[1], "seed");
        c.keepSeed(Target.NETWORK, models[2], "dropout seed");
        c.keepSeed(Target.MODEL, models[3], "seed");

        Mutator csv = new Mutator(1);
        Mutator idx = new Mutator(2);
        Mutator model = new Mutator(3);
        Mutator whole = new Mutator(4);
        for (int i = 0; i < runs; i++) {
            Target t = CSV_TARGETS[i % CSV_TARGETS.length];
            c.keep(t, csv.mutate((i / CSV_TARGETS.length) % 2 == 0 ? csvCleanSeed(t) : csvSeed(t)));
            c.keep(Target.IDX, idx.mutate(i % 2 == 0 ? raw : gz));
            byte[] m = model.mutate(models[i % 3]);
            if ((i / 3) % 2 == 0) {
                m = refresh(m);
            }
            c.keep(i % 3 == 1 ? Target.OPTIMIZER_STATE : Target.NETWORK, m);
            byte[] w = whole.mutate(models[3]);
            c.keep(Target.MODEL, i % 2 == 0 ? refresh(w) : w);
        }
        System.out.printf("fuzz campaign: %d executions, slowest input %.1f ms, %d undocumented exceptions%n",
                c.executions, c.slowestNanos / 1e6, c.crashes.size());
        if (!c.crashes.isEmpty()) {
            for (int k = 0; k < c.crashes.size(); k++) {
                Files.write(dir.resolve("crash-" + k + ".bin"), c.crashInputs.get(k));
                System.out.println("crash-" + k + ".bin: " + c.crashes.get(k));
            }
            System.exit(1);
        }
        Map<String, byte[]> best = c.best;
        Map<String, Target> targetOf = c.targetOf;
        List<String> lines = new ArrayList<>();
        lines.add("# target\tfile\texpected outcome (written by io.github.matrixbackprop.FuzzCorpus; see its javadoc)");
        Map<Target, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : best.entrySet()) {
            Target t = targetOf.get(e.getKey());
            int n = counts.merge(t, 1, Integer::sum);
            String name = t.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + String.format("%03d", n)
                    + (t.isCsv() ? ".csv" : t == Target.IDX ? ".idx" : ".mxbp");
            Files.write(dir.resolve(name), e.getValue());
            lines.add(t + "\t" + name + "\t" + escape(outcome(t, e.getValue(), scratch)));
        }
        Files.write(dir.resolve("corpus.tsv"), lines, StandardCharsets.US_ASCII);
        Files.delete(scratch);
        System.out.println("fuzz corpus: " + best.size() + " inputs in " + dir + " " + counts);
    }

    /** The state of one run of the generator: the shortest input per outcome kind, and what went wrong. */
    private static final class Campaign {
        final Map<String, byte[]> best = new TreeMap<>();
        final Map<String, Target> targetOf = new TreeMap<>();
        final List<String> crashes = new ArrayList<>();
        final List<byte[]> crashInputs = new ArrayList<>();
        final Path scratch;
        long executions;
        long slowestNanos;

        Campaign(Path scratch) {
            this.scratch = scratch;
        }

        /** Keeps a seed input whatever its outcome kind, so the corpus always holds the unmutated files. */
        void keepSeed(Target t, byte[] input, String name) {
            best.put(t + " " + name, input);
            targetOf.put(t + " " + name, t);
        }

        void keep(Target t, byte[] input) throws IOException {
            executions++;
            long start = System.nanoTime();
            String outcome;
            try {
                outcome = outcome(t, input, scratch);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                crashes.add(t + ": " + e);
                crashInputs.add(input);
                return;
            } finally {
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
            }
            String key = t + " " + kind(outcome);
            byte[] old = best.get(key);
            if (old == null || input.length < old.length) {
                best.put(key, input);
                targetOf.put(key, t);
            }
        }
    }
}
