package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.network.Network;
import io.github.matrixbackprop.network.Predictor;
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

/** Inference: one forward pass of a batch per operation, with a reused {@link Predictor}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ForwardBenchmark {

    /** Layer widths. */
    @Param({"784-256-256-10"})
    public String widths;

    /** Batch size. */
    @Param({"128"})
    public int batch;

    /** Threads of the matrix kernel. */
    @Param({"1"})
    public int threads;

    /** vector, scalar or ejml. */
    @Param({"vector"})
    public String kernel;

    /** {@code float64} (the default) or {@code float32} products. */
    @Param({"float64"})
    public String precision;

    private Predictor predictor;
    private DMatrixRMaj x;
    private final DMatrixRMaj out = new DMatrixRMaj(1, 1);

    @Setup
    public void setUp() {
        Network net = Mlp.network(widths, "relu");
        predictor = new Predictor(net, Mlp.kernel(kernel, threads, precision));
        x = Mlp.inputs(batch, net.inputSize());
    }

    @Benchmark
    public DMatrixRMaj forward() {
        predictor.predict(x, out);
        return out;
    }
}
