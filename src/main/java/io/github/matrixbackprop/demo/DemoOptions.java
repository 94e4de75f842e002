package io.github.matrixbackprop.demo;

import io.github.matrixbackprop.plot.HistoryPlot;
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
 * @param dropout    the hidden layers' dropout rate, in {@code [0, 1)}
 * @param optimizer  the optimizer's name
 * @param lr         the learning rate, or NaN for the optimizer's default
 * @param epochs     passes over the training data; with L-BFGS, full-batch steps
 * @param batch      mini-batch size; with L-BFGS, the chunk size of a full-batch evaluation
 * @param seed       seeds initialisation, splits and shuffling
 * @param save       where to save the trained model, or null for {@link #defaultModel(Path)} in the working directory
 * @param history    where to write the training history as CSV, or null for nowhere
 * @param plot       where to draw the training curves as PNG, or null for nowhere
 * @param maxIter    L-BFGS iterations per step
 * @param lineSearch L-BFGS line search: {@code strong_wolfe} or {@code none}
 * @param exportOnnx where to export the trained model with its input scaling as ONNX, or null for no export
 * @param exportSafetensors where to export the trained model with its input scaling as safetensors, or null for
 *                   no export
 */
record DemoOptions(String dataset, List<Integer> hidden, String activation, double dropout, String optimizer,
                   double lr, int epochs, int batch, long seed, Path save, Path history, Path plot, int maxIter, String lineSearch,
                   Path exportOnnx, Path exportSafetensors) {

    /** The model file's name when {@code --save} is not given. */
    static final String DEFAULT_MODEL = "demo-model.mxbp";

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: demo [options]",
            "  --dataset D      iris | digits | csv:PATH | idx:DIR     (default digits)",
            "                   csv: header line, numeric features, class label in the last column",
            "                   idx: a directory with MNIST-style train-/t10k- images and labels",
            "  --layers N,N,..  hidden layer widths                     (default 64)",
            "  --activation A   hidden activation, e.g. relu, tanh, gelu (default relu)",
            "  --dropout P      dropout rate of the hidden layers in training, 0 <= P < 1 (default 0)",
            "  --optimizer O    sgd | adam | adamw | rmsprop | adagrad | lbfgs (default adam)",
            "                   lbfgs: full-batch L-BFGS, one step per epoch",
            "  --lr X           learning rate              (default 0.003; sgd, adagrad 0.05; lbfgs 1)",
            "  --epochs N       epochs; lbfgs: steps                    (default 30)",
            "  --batch N        mini-batch size; lbfgs: samples per chunk of an evaluation",
            "                                                           (default 32; lbfgs 2048)",
            "  --max-iter N     lbfgs: iterations per step              (default 20)",
            "  --line-search S  lbfgs: strong_wolfe | none              (default strong_wolfe)",
            "  --seed N         seed of initialisation, splits, shuffling (default 42)",
            "  --save PATH      where to save the model (default target/demo-model.mxbp if ./target exists,",
            "                   else demo-model.mxbp in a new temporary directory)",
            "  --history FILE   write the training history as CSV: per epoch cost, accuracy (training",
            "                   and validation), learning rate, seconds",
            "  --plot FILE.png  draw the training curves (cost, accuracy, learning rate) as a PNG;",
            "                   needs the optional dependency " + HistoryPlot.XCHART,
            "  --export-onnx F  also export the trained model with its input scaling as ONNX to F",
            "                   (float64, opset 17; needs org.tribuo:tribuo-util-onnx on the class path)",
            "  --export-safetensors FILE  also export the trained model, input scaling included, as",
            "                   safetensors for PyTorch (docs/interop.md)",
            "  --help           this text");

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message for the user. */
    static DemoOptions parse(String... args) {
        String dataset = "digits";
        List<Integer> hidden = List.of(64);
        String activation = "relu";
        double dropout = 0;
        String optimizer = "adam";
        double lr = Double.NaN;
        int epochs = 30;
        int batch = 0;
        long seed = 42;
        Path save = null;
        Path history = null;
        Path plot = null;
        int maxIter = 0;
        String lineSearch = null;
        Path exportOnnx = null;
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
                case "--dropout" -> dropout = rate(flag, v);
                case "--optimizer" -> optimizer = v.toLowerCase(Locale.ROOT);
                case "--lr" -> lr = positive(flag, v);
                case "--epochs" -> epochs = count(flag, v);
                case "--batch" -> batch = count(flag, v);
                case "--seed" -> seed = longValue(flag, v);
                case "--save" -> save = Path.of(v);
                case "--history" -> history = Path.of(v);
                case "--plot" -> plot = png(v);
                case "--max-iter" -> maxIter = count(flag, v);
                case "--line-search" -> lineSearch = lineSearch(v);
                case "--export-onnx" -> exportOnnx = Path.of(v);
                case "--export-safetensors" -> exportSafetensors = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        boolean lbfgs = optimizer.equals("lbfgs");
        if (lbfgs && dropout > 0) {
            throw new IllegalArgumentException("--dropout needs a mini-batch optimizer: lbfgs needs a deterministic"
                    + " cost");
        }
        if (!lbfgs && (maxIter != 0 || lineSearch != null)) {
            throw new IllegalArgumentException((maxIter != 0 ? "--max-iter" : "--line-search")
                    + " applies to --optimizer lbfgs only, not " + Checks.quote(optimizer));
        }
        return new DemoOptions(dataset, hidden, activation, dropout, optimizer, lr, epochs,
                batch != 0 ? batch : lbfgs ? 2048 : 32, seed, save, history, plot, maxIter != 0 ? maxIter : 20,
                lineSearch != null ? lineSearch : "strong_wolfe", exportOnnx, exportSafetensors);
    }

    private static String lineSearch(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.equals("strong_wolfe") || s.equals("none")) {
            return s;
        }
        throw new IllegalArgumentException("--line-search must be strong_wolfe or none but was " + Checks.quote(v));
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
        return switch (optimizer) {
            case "sgd", "adagrad" -> 0.05;
            case "lbfgs" -> 1.0;
            default -> 0.003;
        };
    }

    private static String dataset(String v) {
        if (v.equals("iris") || v.equals("digits") || (v.startsWith("csv:") && v.length() > 4)
                || (v.startsWith("idx:") && v.length() > 4)) {
            return v;
        }
        throw new IllegalArgumentException("--dataset must be iris, digits, csv:PATH or idx:DIR but was "
                + Checks.quote(v));
    }

    private static Path png(String v) {
        if (!v.toLowerCase(Locale.ROOT).endsWith(".png") || v.length() == 4) {
            throw new IllegalArgumentException("--plot needs a file name ending in .png but got " + Checks.quote(v));
        }
        return Path.of(v);
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

    private static double rate(String flag, String v) {
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d < 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " needs a number in [0, 1) but got " + Checks.quote(v));
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
