package io.github.matrixbackprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.check.GradientCheck;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Layer;
import io.github.matrixbackprop.network.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The README's example, kept compiling and true. */
class ReadmeExampleTest {

    @Test
    void exampleRunsAndItsChecksPass() throws Exception {
        Network net = Network.of(
                Layer.of(new double[][] {{0.5, -0.2}, {0.1, 0.4}, {-0.3, 0.8}}, new double[] {0, 0.1, -0.1},
                        Activations.tanh()),
                Layer.of(new double[][] {{0.7, -0.5, 0.2}, {-0.6, 0.3, 0.9}}, new double[] {0.05, -0.05},
                        Activations.softmax()));
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2}, {-1, 0.5}, {0.3, -0.7}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}, {1, 0}});
        Backprop engine = new Backprop(net, Losses.softmaxCrossEntropy());
        double cost = engine.compute(x, y);
        Gradients g = engine.gradients();
        DMatrixRMaj gradW1 = g.weights(1);
        assertEquals(3, gradW1.numRows);
        assertEquals(2, gradW1.numCols);
        assertTrue(cost > 0 && cost < 2);
        assertTrue(GradientCheck.jacobianChain().check(net, Losses.softmaxCrossEntropy(), x, y).passes(1e-12));
        assertTrue(GradientCheck.finiteDifferences().check(net, Losses.softmaxCrossEntropy(), x, y).passes(1e-7));

        // the README shows this very code
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("double cost = engine.compute(x, y);"), "README example changed");
        assertTrue(readme.contains("./mvnw -B verify"), "README test command changed");
    }
}
