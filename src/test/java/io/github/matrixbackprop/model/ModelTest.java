package io.github.matrixbackprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import io.github.matrixbackprop.activation.Activations;
import io.github.matrixbackprop.data.Scaler;
import io.github.matrixbackprop.network.Network;
import java.util.List;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class ModelTest {

    static final Network NET = TestNets.random(5, new int[] {3, 5, 4}, Activations.tanh(), Activations.softmax());

    /** Raw features far from unit scale, so that scaling matters. */
    static DMatrixRMaj raw() {
        DMatrixRMaj x = TestNets.inputs(8, 9, 3);
        for (int i = 0; i < 9; i++) {
            x.set(i, 0, 100 + 40 * x.get(i, 0));
            x.set(i, 2, -0.01 * x.get(i, 2));
        }
        return x;
    }

    /** {@code (x - shift) / scale} column by column, written out here as the reference. */
    static DMatrixRMaj scaledByHand(DMatrixRMaj x, double[] shift, double[] scale) {
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, x.numCols);
        for (int i = 0; i < x.numRows; i++) {
            for (int c = 0; c < x.numCols; c++) {
                out.set(i, c, (x.get(i, c) - shift[c]) / scale[c]);
            }
        }
        return out;
    }

    @Test
    void predictOnRawFeaturesIsTheNetworkOnScaledFeatures() {
        DMatrixRMaj x = raw();
        for (Scaler s : List.of(Scaler.standardize(x), Scaler.minMax(x))) {
            Model m = Model.of(NET).withScaler(s);
            DMatrixRMaj expected = NET.predict(scaledByHand(x, s.shift(), s.scale()));
            assertArrayEquals(expected.data, m.predict(x).data, 0.0);
            assertArrayEquals(scaledByHand(x, s.shift(), s.scale()).data, m.scaleInputs(x).data, 0.0);
        }
        DMatrixRMaj before = x.copy();
        Model.of(NET).withScaler(Scaler.standardize(x)).predict(x);
        assertArrayEquals(before.data, x.data, 0.0, "the raw features are not modified");
    }

    @Test
    void minMaxScalingIsTheSameAffineMap() {
        DMatrixRMaj x = raw();
        Scaler s = Scaler.minMax(x);
        DMatrixRMaj scaled = Model.of(NET).withScaler(s).scaleInputs(x);
        for (int c = 0; c < 3; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < x.numRows; i++) {
                lo = Math.min(lo, scaled.get(i, c));
                hi = Math.max(hi, scaled.get(i, c));
            }
            assertEquals(0.0, lo, 1e-15);
            assertEquals(1.0, hi, 1e-15);
        }
    }

    @Test
    void withoutAScalerTheNetworkSeesTheFeaturesAsTheyAre() {
        DMatrixRMaj x = raw();
        Model m = Model.of(NET);
        assertEquals(Optional.empty(), m.scaler());
        assertArrayEquals(NET.predict(x).data, m.predict(x).data, 0.0);
        DMatrixRMaj copy = m.scaleInputs(x);
        assertNotSame(x, copy);
        assertArrayEquals(x.data, copy.data, 0.0);
        assertFalse(m.isClassifier());
        assertEquals(List.of(), m.classes());
    }

    @Test
    void aClassifierAnswersWithTheNameOfTheLargestOutput() {
        DMatrixRMaj x = raw();
        Scaler s = Scaler.standardize(x);
        List<String> names = List.of("red", "green", "blue", "black");
        Model m = Model.of(NET).withScaler(s).withClasses(names);
        DMatrixRMaj out = NET.predict(scaledByHand(x, s.shift(), s.scale()));
        List<String> predicted = m.predictClasses(x);
        int[] indices = m.predictClassIndices(x);
        for (int i = 0; i < x.numRows; i++) {
            int best = 0;
            for (int k = 1; k < 4; k++) {
                if (out.get(i, k) > out.get(i, best)) {
                    best = k;
                }
            }
            assertEquals(best, indices[i]);
            assertEquals(names.get(best), predicted.get(i));
        }
        assertTrue(m.isClassifier());
        assertEquals(names, m.classes());
    }

    @Test
    void aSingleOutputNamesTwoClassesSplitAtOneHalf() {
        Network binary = TestNets.random(6, new int[] {2, 3, 1}, Activations.relu(), Activations.sigmoid());
        Model m = Model.of(binary).withClasses(List.of("no", "yes"));
        DMatrixRMaj x = TestNets.inputs(9, 20, 2);
        DMatrixRMaj p = binary.predict(x);
        List<String> c = m.predictClasses(x);
        boolean both = false;
        for (int i = 0; i < 20; i++) {
            assertEquals(p.get(i, 0) > 0.5 ? "yes" : "no", c.get(i));
            both |= !c.get(i).equals(c.get(0));
        }
        assertTrue(both, "the inputs reach both classes");
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Model.of(binary).withClasses(List.of("yes")));
        assertEquals("1 class names for a network with 1 output; a single 0/1 output needs 2 names (class 0,"
                + " class 1)", one.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> Model.of(NET).withScaler(new Scaler(new double[2], new double[] {1, 1})));
        assertEquals("the scaler was fitted on 2 columns but the network takes 3 inputs", width.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Model.of(NET).withClasses(List.of("a", "b", "c")));
        assertEquals("3 class names for a network with 4 outputs; a classifier names every output, so it needs 4",
                count.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Model.of(NET).withClasses(List.of("a", "b", "a", "c")));
        assertEquals("class name 2, 'a', repeats an earlier one; class names must differ", twice.getMessage());
        IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
                () -> Model.of(NET).withClasses(List.of("a", "b", "x\ud800", "c")));
        assertEquals("class name 2 holds an unpaired surrogate at index 1, which is no Unicode character",
                surrogate.getMessage());
        assertEquals(List.of("a", "\ud83d\ude00", "b", "c"),
                Model.of(NET).withClasses(List.of("a", "\ud83d\ude00", "b", "c")).classes(), "a pair is fine");
        assertThrows(NullPointerException.class, () -> Model.of(NET).withClasses(java.util.Arrays.asList("a", null)));
        assertThrows(NullPointerException.class, () -> Model.of(null));
        IllegalStateException values = assertThrows(IllegalStateException.class,
                () -> Model.of(NET).predictClasses(raw()));
        assertTrue(values.getMessage().startsWith("the model names no classes"), values.getMessage());
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
                () -> Model.of(NET).predict(new DMatrixRMaj(2, 5)));
        assertTrue(input.getMessage().contains("X is 2x5"), input.getMessage());
    }

    @Test
    void withMethodsReturnNewModelsThatShareTheNetwork() {
        Model plain = Model.of(NET);
        Model scaled = plain.withScaler(Scaler.standardize(raw()));
        Model named = scaled.withClasses(List.of("a", "b", "c", "d"));
        assertEquals(Optional.empty(), plain.scaler());
        assertFalse(scaled.isClassifier());
        assertSame(NET, named.network());
        assertEquals(Optional.empty(), named.withoutScaler().scaler());
        assertFalse(named.withoutClasses().isClassifier());
        assertTrue(named.scaler().isPresent());
        assertEquals(3, named.inputSize());
        assertEquals(4, named.outputSize());
        assertEquals("Model(scaled inputs -> Network(3 -> 5 tanh -> 4 softmax) -> classes [a, b, c, d])",
                named.toString());
    }
}
