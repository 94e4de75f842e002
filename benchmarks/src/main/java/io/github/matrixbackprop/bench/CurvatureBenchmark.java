package io.github.matrixbackprop.bench;

import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.backprop.HessianVectorProduct;
import io.github.matrixbackprop.backprop.PerSampleGradients;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
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
 * The cost of per-sample gradient norms, a DP clipped mean, {@code H v} and {@code G v}, each
 * against one plain gradient on the same network and batch (softmax cross-entropy, 1 thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class CurvatureBenchmark {

    /** Layer widths. */
    @Param({"784-256-256-10"})
    public String widths;

    /** Batch size. */
    @Param({"128"})
    public int batch;

    private Backprop engine;
    private PerSampleGradients perSample;
    private HessianVectorProduct hvp;
    private DMatrixRMaj x;
    private DMatrixRMaj y;
    private Gradients v;
    private Gradients out;
    private double[] norms;

    @Setup
    public void setUp() {
        Network net = Mlp.network(widths, "relu");
        engine = new Backprop(net, Losses.softmaxCrossEntropy(), Mlp.kernel("vector", 1));
        perSample = new PerSampleGradients(engine);
        hvp = new HessianVectorProduct(engine);
        x = Mlp.inputs(batch, net.inputSize());
        y = Mlp.oneHot(batch, net.outputSize());
        v = Gradients.zerosLike(net);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int l = 1; l <= net.depth(); l++) {
            for (DMatrixRMaj t : new DMatrixRMaj[] {v.weights(l), v.bias(l)}) {
                for (int i = 0; i < t.getNumElements(); i++) {
                    t.data[i] = rnd.nextDouble() - 0.5;
                }
            }
        }
        out = Gradients.zerosLike(net);
        norms = new double[batch];
    }

    @Benchmark
    public double gradient() {
        return engine.compute(x, y);
    }

    @Benchmark
    public double[] perSampleNorms() {
        perSample.compute(x, y);
        perSample.norms(norms);
        return norms;
    }

    @Benchmark
    public Gradients clippedMean() {
        perSample.compute(x, y);
        perSample.clippedMean(1.0, out);
        return out;
    }

    @Benchmark
    public Gradients hessianVector() {
        hvp.hessianTimes(x, y, v, out);
        return out;
    }

    @Benchmark
    public Gradients gaussNewtonVector() {
        hvp.gaussNewtonTimes(x, y, v, out);
        return out;
    }
}
