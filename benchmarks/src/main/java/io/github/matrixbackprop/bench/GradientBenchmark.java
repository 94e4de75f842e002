package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.activation.Activation;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One gradient computation (forward, E1-E4b) per invocation, single thread, float64.
 * Throughput in samples/s is {@code batch / (time per op)}; GFLOP/s use
 * {@code 6 m sum_l n_l n_{l-1}} FLOPs per step (math.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GradientBenchmark {

    /** {@code widths/batch}, hidden layers use {@code hidden}, the output is softmax with cross-entropy. */
    @Param({"784-256-256-10/128/relu", "4-16-3/16/tanh"})
    public String shape;

    private Backprop engine;
    private DMatrixRMaj x;
    private DMatrixRMaj y;

    @Setup
    public void setUp() {
        String[] parts = shape.split("/");
        String[] w = parts[0].split("-");
        int m = Integer.parseInt(parts[1]);
        Activation hidden = Activations.byName(parts[2]);
        int[] widths = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            widths[i] = Integer.parseInt(w[i]);
        }
        SplittableRandom rnd = new SplittableRandom(42);
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l < widths.length; l++) {
            DMatrixRMaj wl = new DMatrixRMaj(widths[l], widths[l - 1]);
            double s = Math.sqrt(6.0 / (widths[l] + widths[l - 1]));
            for (int i = 0; i < wl.getNumElements(); i++) {
                wl.data[i] = s * (2 * rnd.nextDouble() - 1);
            }
            layers.add(new Layer(wl, new DMatrixRMaj(widths[l], 1),
                    l == widths.length - 1 ? Activations.softmax() : hidden));
        }
        Network net = new Network(layers);
        engine = new Backprop(net, Losses.softmaxCrossEntropy());
        x = new DMatrixRMaj(m, widths[0]);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = rnd.nextDouble();
        }
        y = new DMatrixRMaj(m, widths[widths.length - 1]);
        for (int i = 0; i < m; i++) {
            y.set(i, rnd.nextInt(y.numCols), 1.0);
        }
    }

    @Benchmark
    public double gradient() {
        return engine.compute(x, y);
    }
}
