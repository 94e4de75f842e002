package io.github.matrixbackprop.demo;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.DropoutMasks;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.check.FiniteDifferences;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.data.BundledDatasets;
import io.github.matrixbackprop.data.CsvOptions;
import io.github.matrixbackprop.data.CsvReader;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.IdxReader;
import io.github.matrixbackprop.data.LabeledData;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.data.Splits;
import io.github.matrixbackprop.data.TrainTest;
import io.github.matrixbackprop.io.ModelFiles;
import io.github.matrixbackprop.io.Safetensors;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.model.Model;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.network.NetworkBuilder;
import io.github.matrixbackprop.optim.LbfgsSpec;
import io.github.matrixbackprop.onnx.OnnxExporter;
import io.github.matrixbackprop.onnx.OnnxOptions;
import io.github.matrixbackprop.optim.OptimizerSpec;
import io.github.matrixbackprop.optim.Optimizers;
import io.github.matrixbackprop.plot.HistoryPlot;
import io.github.matrixbackprop.train.Metrics;
import io.github.matrixbackprop.train.ProgressBar;
import io.github.matrixbackprop.train.Trainer;
import io.github.matrixbackprop.train.TrainerConfig;
import io.github.matrixbackprop.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;

/**
 * The main job: trains a classifier on a dataset (the bundled digits by default), after a
 * gradient self-check, then saves the whole model (input scaling, network, class names), reloads
 * it, checks that the reloaded model predicts exactly the same from the raw test features, exports
 * it with its input scaling as ONNX if asked ({@code --export-onnx FILE}), with
 * {@code --export-safetensors FILE} also exports it as safetensors and checks the re-imported file
 * the same way, and ends with {@code test accuracy: 0.xxxx}. Training shows a
 * {@link ProgressBar}; {@code --history} and {@code --plot} write the training curves as CSV and
 * PNG. Run with {@code --help} for the options. Exit status: 0 on success, 1 if a check fails, 2 on
 * bad options, unreadable data or a file that cannot be written.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the demo with command-line options.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // the plot is drawn off screen, never shown
        }
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the demo, printing to {@code out} and {@code err}; returns the exit status. */
    static int run(PrintStream out, PrintStream err, String... args) {
        DemoOptions o;
        try {
            o = DemoOptions.parse(args);
            Activations.byName(o.activation());
            if (!o.optimizer().equals("lbfgs")) {
                Optimizers.byName(o.optimizer(), Map.of("lr", o.learningRate()));
            } else {
                lbfgs(o);
            }
            if (o.plot() != null && !HistoryPlot.isAvailable()) {
                throw new IllegalArgumentException("--plot needs XChart, an optional dependency that is not on the"
                        + " classpath: add " + HistoryPlot.XCHART + " to use --plot");
            }
            requireFolder("--history", o.history());
            requireFolder("--plot", o.plot());
            if (o.exportOnnx() != null && !OnnxExporter.isAvailable()) {
                throw new IllegalArgumentException("--export-onnx needs " + OnnxExporter.DEPENDENCY
                        + " (and the protobuf-java it brings) on the class path");
            }
        } catch (DemoOptions.HelpRequested e) {
            out.println(DemoOptions.USAGE);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(DemoOptions.USAGE);
            return 2;
        }
        try {
            return train(o, out, err);
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** The training and test data as read (raw features) and the names of the classes. */
    private record Data(TrainTest sets, List<String> classNames) {
    }

    private static int train(DemoOptions o, PrintStream out, PrintStream err) throws IOException {
        long start = System.nanoTime();
        Data loaded = load(o);
        TrainTest data = loaded.sets();
        Scaler scaler = Scaler.standardize(data.train().features());
        Dataset train = scaler.apply(data.train());
        Dataset test = scaler.apply(data.test());
        int classes = train.targetWidth();
        out.printf(Locale.ROOT, "dataset %s: %d training and %d test samples, %d features, %d classes%n",
                o.dataset(), train.size(), test.size(), train.featureCount(), classes);

        Activation hidden = Activations.byName(o.activation());
        Loss loss = Losses.softmaxCrossEntropy();
        Network net = architecture(train.featureCount(), o, hidden, classes).build();
        out.println("network " + net + ", " + net.parameterCount() + " parameters");

        if (!selfCheck(o, hidden, loss, train, out)) {
            err.println("error: the gradient self-check failed");
            return 1;
        }

        TrainerConfig config = TrainerConfig.defaults().withEpochs(o.epochs()).withBatchSize(o.batch())
                .withSeed(o.seed()).withValidationFraction(0.1);
        Trainer trainer;
        if (o.optimizer().equals("lbfgs")) {
            out.printf(Locale.ROOT, "training: lbfgs lr %.3g, %d full-batch steps of up to %d iterations, %s line"
                    + " search, chunks of %d samples, 10%% of the training data for validation%n", o.learningRate(),
                    o.epochs(), o.maxIter(), o.lineSearch(), o.batch());
            trainer = new Trainer(net, loss, lbfgs(o), config);
        } else {
            OptimizerSpec spec = Optimizers.byName(o.optimizer(), Map.of("lr", o.learningRate()));
            out.printf(Locale.ROOT, "training: %s lr %.3g, %d epochs, batch %d, %s10%% of the training data for"
                    + " validation%n", o.optimizer(), o.learningRate(), o.epochs(), o.batch(),
                    o.dropout() > 0 ? "dropout " + o.dropout() + " in the hidden layers, " : "");
            trainer = new Trainer(net, loss, spec, config);
        }
        ProgressBar bar = out == System.out ? new ProgressBar() : new ProgressBar(out, false);
        TrainingHistory history = trainer.addListener(bar).fit(train).toHistory();
        if (o.history() != null) {
            history.writeCsv(o.history());
            out.println("wrote the training history to " + o.history().toAbsolutePath());
        }
        if (o.plot() != null) {
            HistoryPlot.writePng(history, o.plot());
            out.println("drew the training curves to " + o.plot().toAbsolutePath());
        }

        DMatrixRMaj predicted = net.predict(test.features());
        double accuracy = Metrics.accuracy(predicted, test.targets());
        Model model = Model.of(net).withScaler(scaler).withClasses(loaded.classNames());
        DMatrixRMaj rawTest = data.test().features();
        Path file = o.save() != null ? o.save() : DemoOptions.defaultModel(Path.of(""));
        ModelFiles.save(model, file);
        Model reloaded = ModelFiles.loadModel(file);
        boolean same = MatrixFeatures_DDRM.isIdentical(predicted, reloaded.predict(rawTest), 0);
        out.printf(Locale.ROOT, "saved the model to %s; the reloaded model's %d test predictions are %s (from raw"
                + " features, with the saved input scaling)%n", file.toAbsolutePath(), test.size(),
                same ? "identical" : "DIFFERENT");
        if (!same) {
            err.println("error: the reloaded model predicts differently");
            return 1;
        }
        int shown = Math.min(5, test.size());
        out.println("the reloaded model names the first " + shown + " test samples "
                + reloaded.predictClasses(CommonOps_DDRM.extract(rawTest, 0, shown, 0, rawTest.numCols)));
        if (o.exportSafetensors() != null) {
            Path export = o.exportSafetensors();
            Safetensors.save(model, export);
            boolean sameExport = MatrixFeatures_DDRM.isIdentical(predicted, Safetensors.load(export).predict(rawTest), 0);
            out.printf(Locale.ROOT, "exported the model as safetensors to %s (input scaling in its metadata); the"
                    + " re-imported model's %d test predictions are %s%n", export.toAbsolutePath(), test.size(),
                    sameExport ? "identical" : "DIFFERENT");
            if (!sameExport) {
                err.println("error: the re-imported safetensors model predicts differently");
                return 1;
            }
        }
        if (o.exportOnnx() != null) {
            OnnxExporter.export(model, o.exportOnnx());
            out.printf(Locale.ROOT, "exported the model with its input scaling as ONNX (float64, opset %d, input"
                    + " [N, %d], output [N, %d]) to %s%n", OnnxOptions.DEFAULT_OPSET, net.inputSize(),
                    net.outputSize(), o.exportOnnx().toAbsolutePath());
        }
        out.printf(Locale.ROOT, "total time %.1f s%n", (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
        return 0;
    }

    /** Fails before training, not after, when a file of {@code option} could not be written. */
    private static void requireFolder(String option, Path file) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + file + ": the folder " + folder + " does not exist");
        }
    }

    private static LbfgsSpec lbfgs(DemoOptions o) {
        return Optimizers.lbfgs(Map.of("lr", o.learningRate(), "max_iter", o.maxIter(), "line_search_fn",
                o.lineSearch()));
    }

    private static NetworkBuilder architecture(int inputs, DemoOptions o, Activation hidden, int classes) {
        NetworkBuilder b = Network.builder(inputs).seed(o.seed());
        for (int width : o.hidden()) {
            b.dense(width, hidden).dropout(o.dropout());
        }
        return b.dense(classes, Activations.softmax());
    }

    /**
     * Engine vs the explicit Jacobian chain vs finite differences, on a small network with the
     * same activations, dropout rate and loss (the first 12 inputs of 4 training samples, hidden
     * widths capped at 8), where the slow references take milliseconds; with dropout, also the
     * engine's gradient with a fixed set of masks vs finite differences with the same masks.
     */
    private static boolean selfCheck(DemoOptions o, Activation hidden, Loss loss, Dataset train, PrintStream out) {
        int inputs = Math.min(12, train.featureCount());
        int m = Math.min(4, train.size());
        DMatrixRMaj x = CommonOps_DDRM.extract(train.features(), 0, m, 0, inputs);
        DMatrixRMaj y = CommonOps_DDRM.extract(train.targets(), 0, m, 0, train.targetWidth());
        NetworkBuilder b = Network.builder(inputs).seed(o.seed() + 1);
        for (int width : o.hidden()) {
            b.dense(Math.min(8, width), hidden).dropout(o.dropout());
        }
        Network small = b.dense(train.targetWidth(), Activations.softmax()).build();
        double chain = GradientCheck.jacobianChain().check(small, loss, x, y).maxError();
        double fd = GradientCheck.finiteDifferences().check(small, loss, x, y).maxError();
        if (o.dropout() > 0) {
            DropoutMasks masks = DropoutMasks.draw(small, m, o.seed());
            Gradients engine = Gradients.zerosLike(small);
            double cost = new Backprop(small, loss).compute(x, y, engine, masks);
            Gradients reference = FiniteDifferences.gradient(small, loss, x, y, masks);
            fd = Math.max(fd, GradientCheck.compare(engine, reference, "finite differences with the same masks", cost)
                    .maxError());
        }
        boolean ok = chain <= 1e-12 && fd <= 1e-6;
        out.printf(Locale.ROOT, "gradient self-check (%s, %d samples): largest relative error vs Jacobian chain"
                + " %.1e, vs finite differences %.1e: %s%n", small, m, chain, fd, ok ? "ok" : "FAILED");
        return ok;
    }

    private static Data load(DemoOptions o) throws IOException {
        String d = o.dataset();
        if (d.startsWith("idx:")) {
            List<String> digits = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                digits.add(Integer.toString(k));
            }
            return new Data(IdxReader.directory(Path.of(d.substring(4))), digits);
        }
        LabeledData data = switch (d) {
            case "iris" -> BundledDatasets.iris();
            case "digits" -> BundledDatasets.digits();
            default -> CsvReader.read(Path.of(d.substring(4)), CsvOptions.defaults());
        };
        return new Data(Splits.stratified(data.dataset(), 0.2, o.seed()), data.classNames());
    }
}
