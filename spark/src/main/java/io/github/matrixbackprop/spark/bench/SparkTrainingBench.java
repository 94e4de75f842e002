package io.github.matrixbackprop.spark.bench;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.data.Dataset;
import io.github.matrixbackprop.data.IdxReader;
import io.github.matrixbackprop.data.Labels;
import io.github.matrixbackprop.kernel.Kernels;
import io.github.matrixbackprop.loss.Loss;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Adam;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.spark.FullBatchObjective;
import io.github.matrixbackprop.spark.FullBatchTraining;
import io.github.matrixbackprop.spark.MiniBatchTraining;
import io.github.matrixbackprop.spark.ModelAveraging;
import io.github.matrixbackprop.spark.PartitionedData;
import io.github.matrixbackprop.spark.SparkTrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ejml.data.DMatrixRMaj;

/**
 * Throughput of the three training modes on Fashion-MNIST against the single-machine engine:
 * 784-256-10 (ReLU, softmax cross-entropy), Adam, float64, in {@code local[1]} (one partition) and
 * {@code local[2]} (two partitions). Prints one JSON object:
 * <ul>
 *   <li>{@code single}: the single-machine engine on 1 and 2 threads, seconds per full-batch
 *   gradient of all rows and per mini-batch step (gradient and Adam update);</li>
 *   <li>per master: the seconds of a job that does nothing (Spark's own latency), and for each
 *   mode samples per second, seconds per synchronisation (full-batch iteration, mini-batch step,
 *   averaging round) and the overhead per synchronisation: that time less the single-machine
 *   compute it contains (the same thread count for modes 1 and 2; {@code K} one-thread steps for
 *   mode 3, whose partitions step in parallel);</li>
 *   <li>the machine's load average at the start and the end, since other processes share its cores.</li>
 * </ul>
 * Run from the repository root after installing the library:
 * {@code mvn -q -f spark/pom.xml compile exec:exec -Dbench.args="--rows 12000"}; options {@code --data DIR}
 * (the IDX files, default {@code /usr/share/datasets/fashion-mnist}), {@code --rows N} (the first N
 * training images, default 12000), {@code --batch B} (128), {@code --local-steps K} (10),
 * {@code --masters local[1],local[2]}.
 */
public final class SparkTrainingBench {

    private static final Loss LOSS = Losses.softmaxCrossEntropy();

    private SparkTrainingBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options of the class comment
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--data", "/usr/share/datasets/fashion-mnist",
                "--rows", "12000", "--batch", "128", "--local-steps", "10", "--masters", "local[1],local[2]"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int rows = Integer.parseInt(options.get("--rows"));
        int batch = Integer.parseInt(options.get("--batch"));
        int localSteps = Integer.parseInt(options.get("--local-steps"));
        Dataset all = IdxReader.directory(Path.of(options.get("--data"))).train();
        Dataset data = all.rows(IntStream.range(0, rows).toArray(), 0, rows);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", "Fashion-MNIST, first " + rows + " training images");
        out.put("network", "784-256-10 relu/softmax, softmax cross-entropy, Adam lr 1e-3, float64");
        out.put("parameters", network().parameterCount());
        out.put("batch", batch);
        out.put("local_steps", localSteps);
        out.put("vector_api", Kernels.vectorApiAvailable());
        out.put("load_average_at_start", loadAverage());
        Map<String, Object> single = new LinkedHashMap<>();
        for (int threads = 1; threads <= 2; threads++) {
            single.put("threads_" + threads, Map.of(
                    "full_batch_s", fullBatchSeconds(data, threads),
                    "step_s", stepSeconds(data, batch, threads)));
        }
        out.put("single", single);
        for (String master : options.get("--masters").split(",")) {
            out.put(master, spark(master, data, batch, localSteps, single));
        }
        out.put("load_average_at_end", loadAverage());
        System.out.println(json(out, ""));
    }

    private static Network network() {
        return Network.builder(784).dense(256, Activations.relu()).dense(10, Activations.softmax()).seed(1).build();
    }

    /** The median seconds of the single engine's gradient of all rows (after one warm-up call). */
    private static double fullBatchSeconds(Dataset data, int threads) {
        Backprop engine = new Backprop(network(), LOSS, threads);
        double[] t = new double[4];
        for (int k = 0; k < t.length; k++) {
            long start = System.nanoTime();
            engine.compute(data.features(), data.targets());
            t[k] = (System.nanoTime() - start) / 1e9;
        }
        return median(Arrays.copyOfRange(t, 1, t.length));
    }

    /** The mean seconds of a single-machine mini-batch step, gradient and Adam update (after 10 warm-up steps). */
    private static double stepSeconds(Dataset data, int batch, int threads) {
        Network net = network();
        Backprop engine = new Backprop(net, LOSS, threads);
        Optimizer adam = Adam.defaults().create(net);
        DMatrixRMaj x = new DMatrixRMaj(batch, 784);
        DMatrixRMaj y = new DMatrixRMaj(batch, 10);
        int[] order = IntStream.range(0, data.size()).toArray();
        int steps = 60;
        long start = 0;
        for (int s = 0; s < steps + 10; s++) {
            if (s == 10) {
                start = System.nanoTime();
            }
            int from = (s * batch) % (data.size() - batch);
            data.gather(order, from, from + batch, x, y);
            engine.compute(x, y);
            adam.step(engine.gradients());
        }
        return (System.nanoTime() - start) / 1e9 / steps;
    }

    private static Map<String, Object> spark(String master, Dataset data, int batch, int localSteps,
                                             Map<String, Object> single) {
        int cores = Integer.parseInt(master.replaceAll("[^0-9]", ""));
        @SuppressWarnings("unchecked")
        Map<String, Double> same = (Map<String, Double>) single.get("threads_" + Math.min(cores, 2));
        @SuppressWarnings("unchecked")
        Map<String, Double> one = (Map<String, Double>) single.get("threads_1");
        SparkSession spark = SparkSession.builder().master(master).appName("SparkTrainingBench")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            result.put("empty_job_s", emptyJobSeconds(spark, cores));
            int m = data.size();
            org.apache.spark.sql.Dataset<Row> frame = frame(spark, data, cores);
            Network net = network();
            try (PartitionedData cached = PartitionedData.of(frame, net, LOSS)) {
                // mode 1: one warm-up iteration, then 3 timed
                try (FullBatchObjective objective = new FullBatchObjective(cached, net, LOSS)) {
                    Optimizer adam = Adam.defaults().create(net);
                    FullBatchTraining.run(objective, adam, 1);
                    long start = System.nanoTime();
                    FullBatchTraining.run(objective, adam, 3);
                    double t = (System.nanoTime() - start) / 1e9 / 3;
                    result.put("full_batch", mode(m / t, t, t - same.get("full_batch_s")));
                }
                // mode 2: a few warm-up steps, then 30 timed steps
                int stepRows = Math.min(m, 30 * batch);
                try (PartitionedData few = PartitionedData.of(frame(spark, data.rows(IntStream.range(0, stepRows).toArray(),
                        0, stepRows), cores), net, LOSS)) {
                    Network n2 = network();
                    Optimizer adam = Adam.defaults().create(n2);
                    MiniBatchTraining.run(few, n2, LOSS, adam, 1, stepRows / 5, 1);
                    long start = System.nanoTime();
                    SparkTrainingResult r = MiniBatchTraining.run(few, n2, LOSS, adam, 1, batch, 1);
                    double t = (System.nanoTime() - start) / 1e9 / r.steps();
                    result.put("mini_batch", mode(batch / t, t, t - same.get("step_s")));
                }
                // mode 3: one epoch, rounds of K local steps on every partition
                Network n3 = network();
                ModelAveraging.run(cached, n3, LOSS, Adam.defaults(), 1, batch, localSteps, 2); // warm-up
                long start = System.nanoTime();
                SparkTrainingResult r = ModelAveraging.run(cached, n3, LOSS, Adam.defaults(), 1, batch, localSteps, 1);
                double seconds = (System.nanoTime() - start) / 1e9;
                double perRound = seconds / r.jobs();
                double samples = (double) r.steps() * batch * cores;
                result.put("model_averaging", mode(samples / seconds, perRound,
                        perRound - (double) r.steps() / r.jobs() * one.get("step_s")));
            }
        } finally {
            spark.stop();
        }
        return result;
    }

    /** The median seconds of a job that does nothing on {@code cores} partitions: Spark's own latency. */
    private static double emptyJobSeconds(SparkSession spark, int cores) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> items = IntStream.range(0, cores).boxed().toList();
        double[] t = new double[25];
        for (int k = 0; k < t.length; k++) {
            long start = System.nanoTime();
            context.parallelize(items, cores).count();
            t[k] = (System.nanoTime() - start) / 1e9;
        }
        return median(Arrays.copyOfRange(t, 5, t.length));
    }

    private static Map<String, Object> mode(double samplesPerSecond, double secondsPerSync, double overhead) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples_per_s", samplesPerSecond);
        m.put("s_per_sync", secondsPerSync);
        m.put("overhead_s_per_sync", overhead);
        return m;
    }

    /**
     * The rows as a DataFrame of {@code features} (dense vectors) and {@code label}, in contiguous
     * partitions: a {@code range} mapped to rows of a broadcast copy of the data, so that the tasks
     * stay small (a DataFrame made from a local list would carry its rows in every task).
     */
    private static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, int partitions) {
        int[] labels = Labels.classes(data.targets());
        Broadcast<double[]> features = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(data.features().data.clone());
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("features", SQLDataTypes.VectorType(), false),
                DataTypes.createStructField("label", DataTypes.DoubleType, false)));
        return spark.range(0, data.size(), 1, partitions).map((MapFunction<Long, Row>) i -> {
            int r = (int) (long) i;
            return RowFactory.create(Vectors.dense(Arrays.copyOfRange(features.value(), r * 784, (r + 1) * 784)),
                    (double) labels[r]);
        }, Encoders.row(schema));
    }

    /** The 1-minute load average of the machine (the other processes compete for its cores), or "unknown". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    @SuppressWarnings("unchecked")
    private static String json(Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            String inner = indent + "  ";
            return map.entrySet().stream()
                    .map(e -> inner + "\"" + e.getKey() + "\": " + json(e.getValue(), inner))
                    .collect(Collectors.joining(",\n", "{\n", "\n" + indent + "}"));
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.6g", d);
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }
}
