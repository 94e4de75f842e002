package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.optim.Optimizer;
import io.github.matrixbackprop.optim.Sgd;
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
 * One training step per operation: forward, (E1)-(E4b), and an SGD update (lr 1e-3), softmax
 * cross-entropy. Samples/s = batch / (seconds per op); GFLOP/s = 6 m sum n_l n_{l-1} / (seconds per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class TrainingStepBenchmark {

    /** Layer widths. */
    @Param({"784-256-256-10"})
    public String widths;

    /** Hidden activation. */
    @Param({"relu"})
    public String hidden;

    /** Batch size. */
    @Param({"128"})
    public int batch;

    /** Threads of the matrix kernel. */
    @Param({"1", "2"})
    public int threads;

    /** vector, scalar or ejml. */
    @Param({"vector"})
    public String kernel;

    /** {@code float64} (the default) or {@code float32} products. */
    @Param({"float64"})
    public String precision;

    private Backprop engine;
    private Optimizer sgd;
    private DMatrixRMaj x;
    private DMatrixRMaj y;

    @Setup
    public void setUp() {
        Network net = Mlp.network(widths, hidden);
        engine = new Backprop(net, Losses.softmaxCrossEntropy(), Mlp.kernel(kernel, threads, precision));
        sgd = Sgd.of(1e-3).create(net);
        x = Mlp.inputs(batch, net.inputSize());
        y = Mlp.oneHot(batch, net.outputSize());
    }

    @Benchmark
    public double step() {
        double cost = engine.compute(x, y);
        sgd.step(engine.gradients());
        return cost;
    }
}
