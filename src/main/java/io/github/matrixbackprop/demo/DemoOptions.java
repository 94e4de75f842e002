package io.github.matrixbackprop.demo;

import io.github.matrixbackprop.util.Checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's command-line options.
 *
 * @param dataset    {@code iris}, {@code digits}, {@code csv:PATH} or {@code idx:DIR}
 * @param hidden     widths of the hidden layers
 * @param activation the hidden layers' activation
 * @param optimizer  the optimizer's name
 * @param lr         the learning rate, or NaN for the optimizer's default
 * @param epochs     passes over the training data
 * @param batch      mini-batch size
 * @param seed       seeds initialisation, splits and shuffling
 * @param save       where to save the trained model, or null for {@link #defaultModel(Path)} in the working directory
 * @param exportSafetensors where to export the trained model as safetensors, or null for no export
 */
record DemoOptions(String dataset, List<Integer> hidden, String activation, String optimizer, double lr, int epochs,
                   int batch, long seed, Path save, Path exportSafetensors) {

    /** The model file's name when {@code --save} is not given. */
    static final String DEFAULT_MODEL = "demo-model.mxbp";

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: demo [options]",
            "  --dataset D      iris | digits | csv:PATH | idx:DIR     (default digits)",
            "                   csv: header line, numeric features, class label in the last column",
            "                   idx: a directory with MNIST-style train-/t10k- images and labels",
            "  --layers N,N,..  hidden layer widths                     (default 64)",
            "  --activation A   hidden activation, e.g. relu, tanh, gelu (default relu)",
            "  --optimizer O    sgd | adam | adamw | rmsprop | adagrad  (default adam)",
            "  --lr X           learning rate                           (default 0.003; sgd 0.05)",
            "  --epochs N       epochs                                  (default 30)",
            "  --batch N        mini-batch size                         (default 32)",
            "  --seed N         seed of initialisation, splits, shuffling (default 42)",
            "  --save PATH      where to save the model (default target/demo-model.mxbp if ./target exists,",
            "                   else demo-model.mxbp in a new temporary directory)",
            "  --export-safetensors FILE  also export the trained model, input scaling included, as",
            "                   safetensors for PyTorch (docs/interop.md)",
            "  --help           this text");

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message for the user. */
    static DemoOptions parse(String... args) {
        String dataset = "digits";
        List<Integer> hidden = List.of(64);
        String activation = "relu";
        String optimizer = "adam";
        double lr = Double.NaN;
        int epochs = 30;
        int batch = 32;
        long seed = 42;
        Path save = null;
        Path exportSafetensors = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + Checks.quote(flag));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--dataset" -> dataset = dataset(v);
                case "--layers" -> hidden = widths(v);
                case "--activation" -> activation = v.toLowerCase(Locale.ROOT);
                case "--optimizer" -> optimizer = v.toLowerCase(Locale.ROOT);
                case "--lr" -> lr = positive(flag, v);
                case "--epochs" -> epochs = count(flag, v);
                case "--batch" -> batch = count(flag, v);
                case "--seed" -> seed = longValue(flag, v);
                case "--save" -> save = Path.of(v);
                case "--export-safetensors" -> exportSafetensors = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new DemoOptions(dataset, hidden, activation, optimizer, lr, epochs, batch, seed, save, exportSafetensors);
    }

    /**
     * Where the model goes without {@code --save}: {@code target/demo-model.mxbp} under
     * {@code workingDirectory} if it has a {@code target} directory (a Maven build's), else
     * {@code demo-model.mxbp} in a new temporary directory, never a fixed shared path.
     */
    static Path defaultModel(Path workingDirectory) throws IOException {
        Path target = workingDirectory.resolve("target");
        if (Files.isDirectory(target)) {
            return target.resolve(DEFAULT_MODEL);
        }
        return Files.createTempDirectory("matrix-backprop-demo").resolve(DEFAULT_MODEL);
    }

    /** The learning rate to use: the option, else a default that suits the demo's datasets. */
    double learningRate() {
        if (!Double.isNaN(lr)) {
            return lr;
        }
        return optimizer.equals("sgd") ? 0.05 : optimizer.equals("adagrad") ? 0.05 : 0.003;
    }

    private static String dataset(String v) {
        if (v.equals("iris") || v.equals("digits") || (v.startsWith("csv:") && v.length() > 4)
                || (v.startsWith("idx:") && v.length() > 4)) {
            return v;
        }
        throw new IllegalArgumentException("--dataset must be iris, digits, csv:PATH or idx:DIR but was "
                + Checks.quote(v));
    }

    private static List<Integer> widths(String v) {
        List<Integer> out = new ArrayList<>();
        if (v.isBlank() || v.equals("none")) {
            return out;
        }
        for (String part : v.split(",")) {
            out.add(count("--layers", part.strip()));
        }
        return out;
    }

    private static int count(String flag, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " needs a positive whole number but got " + Checks.quote(v));
    }

    private static double positive(String flag, String v) {
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " needs a positive number but got " + Checks.quote(v));
    }

    private static long longValue(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number but got " + Checks.quote(v), e);
        }
    }

    /** Thrown for {@code --help}. */
    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
