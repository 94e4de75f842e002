package io.github.matrixbackprop.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.backprop.Backprop;
import io.github.matrixbackprop.backprop.Gradients;
import io.github.matrixbackprop.backprop.Trace;
import io.github.matrixbackprop.loss.Losses;
import io.github.matrixbackprop.network.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkthroughTest {

    @Test
    void theDocumentShowsExactlyWhatTheProgramPrints() throws Exception {
        String doc = Files.readString(Path.of("docs/walkthrough.md"));
        assertTrue(doc.contains(Walkthrough.text().strip()), "docs/walkthrough.md is out of date: regenerate it"
                + " from Walkthrough.main");
    }

    @Test
    void theTraceFollowsTheEquationsInOrderWithTheirShapes() {
        Network net = TestNets.random(1, new int[] {4, 5, 3, 2}, Activations.relu(), Activations.tanh(),
                Activations.softmax());
        Trace trace = new Trace();
        new Backprop(net, Losses.softmaxCrossEntropy()).compute(TestNets.inputs(2, 6, 4), TestNets.oneHot(3, 6, 2),
                Gradients.zerosLike(net), trace);
        List<String> labels = trace.steps().stream().map(s -> s.equation() + s.layer()).toList();
        assertEquals(List.of("forward1", "forward2", "forward3", "E13", "E3b3", "E4b3", "E22", "E3b2", "E4b2", "E21",
                "E3b1", "E4b1"), labels);
        assertTrue(trace.steps().get(0).shapes().contains("W 5x4, A^0 4x6"), trace.toString());
        assertTrue(trace.steps().get(9).shapes().endsWith("-> Delta^1 5x6"), trace.toString());
        assertTrue(trace.steps().get(10).shapes().endsWith("-> 5x4"), trace.toString());
        // without a trace nothing is recorded, and the trace is per call
        new Backprop(net, Losses.softmaxCrossEntropy()).compute(TestNets.inputs(2, 6, 4), TestNets.oneHot(3, 6, 2));
        assertEquals(12, trace.steps().size());
    }
}
