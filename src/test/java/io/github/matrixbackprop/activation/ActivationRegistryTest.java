package io.github.matrixbackprop.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ActivationRegistryTest {

    /** {@code f(z) = z^3}: parameter-free. */
    record Cube() implements ElementwiseActivation {
        @Override public String name() { return "cube"; }
        @Override public double value(double z) { return z * z * z; }
        @Override public double derivative(double z, double a) { return 3 * z * z; }
    }

    /** {@code f(z) = gain z}: one parameter, default 2. */
    record Gain(double gain) implements ElementwiseActivation {
        @Override public String name() { return "gain"; }
        @Override public Map<String, Double> parameters() { return Map.of("gain", gain); }
        @Override public double value(double z) { return gain * z; }
        @Override public double derivative(double z, double a) { return gain; }
    }

    @Test
    void aRegisteredActivationIsFoundByNameAndCreatedWithItsParameters() {
        Activations.register("cube", p -> new Cube());
        Activations.register("gain", p -> new Gain(p.getOrDefault("gain", 2.0)));
        try {
            assertInstanceOf(Cube.class, Activations.byName("cube"));
            assertInstanceOf(Cube.class, Activations.byName("CUBE"), "names are case-insensitive like the built-in ones");
            assertEquals(new Gain(2.0), Activations.byName("gain"));
            assertEquals(new Gain(-0.5), Activations.create("gain", Map.of("gain", -0.5)));
            assertTrue(Activations.isKnown("cube") && Activations.isKnown("Gain") && Activations.isKnown("relu")
                    && Activations.isKnown("linear"));
            List<String> names = new ArrayList<>(Activations.NAMES);
            names.addAll(List.of("cube", "gain"));
            assertEquals(names, Activations.names());
            IllegalArgumentException unknownParameter = assertThrows(IllegalArgumentException.class,
                    () -> Activations.create("cube", Map.of("k", 1.0)));
            assertEquals("activation cube has no parameter 'k'", unknownParameter.getMessage());
            IllegalArgumentException otherParameter = assertThrows(IllegalArgumentException.class,
                    () -> Activations.create("gain", Map.of("k", 1.0)));
            assertEquals("activation gain has no parameter 'k'; known: gain", otherParameter.getMessage());
        } finally {
            assertTrue(Activations.unregister("cube"));
            assertTrue(Activations.unregister("gain"));
        }
        assertFalse(Activations.isKnown("cube"));
        assertFalse(Activations.unregister("cube"), "already removed");
        assertEquals(Activations.NAMES, Activations.names());
    }

    @Test
    void anUnknownNameListsTheKnownOnesAndHowToAddOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.byName("swoosh"));
        assertEquals("unknown activation 'swoosh'; known: identity, sigmoid, tanh, relu, leaky_relu, elu, softplus,"
                + " gelu, silu, softmax (add others with Activations.register)", e.getMessage());
        assertFalse(Activations.isKnown(null));
    }

    @Test
    void builtInActivationsAndTheirAliasesCannotBeReplacedOrRemoved() {
        for (String name : List.of("relu", "Softmax", "linear", "swish")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Activations.register(name, p -> new Cube()));
            assertEquals("activation '" + name + "' is built in and cannot be replaced; register yours under another"
                    + " name", e.getMessage());
            IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> Activations.unregister(name));
            assertEquals("activation '" + name + "' is built in and cannot be removed", r.getMessage());
        }
        assertInstanceOf(Relu.class, Activations.byName("relu"));
    }

    @Test
    void namesAreValidated() {
        for (String bad : List.of("", "Cube", "2cube", "my-cube", "cube ", "c\u00fcbe", "a".repeat(65))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Activations.register(bad, p -> new Cube()));
            assertTrue(e.getMessage().endsWith("must be 1 to 64 lower-case ASCII letters, digits or underscores,"
                    + " starting with a letter"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> Activations.register(null, p -> new Cube()));
        assertThrows(NullPointerException.class, () -> Activations.register("cube", null));
        assertFalse(Activations.isKnown("cube"), "nothing was registered");
    }

    @Test
    void aNameIsRegisteredOnceUntilItIsRemoved() {
        Activations.register("cube", p -> new Cube());
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Activations.register("cube", p -> new Cube()));
            assertEquals("an activation named 'cube' is registered already; unregister it first to replace it",
                    e.getMessage());
        } finally {
            Activations.unregister("cube");
        }
        Activations.register("cube", p -> new Cube());
        Activations.unregister("cube");
    }

    @Test
    void aFactoryMustMakeWhatItWasAskedFor() {
        Activations.register("cube", p -> new Gain(1.0));
        Activations.register("gain", p -> new Gain(2.0)); // ignores its parameter
        Activations.register("nothing", p -> null);
        try {
            IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> Activations.byName("cube"));
            assertEquals("the factory registered for activation 'cube' made an activation named 'gain'",
                    name.getMessage());
            IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                    () -> Activations.create("gain", Map.of("gain", 3.0)));
            assertEquals("the factory registered for activation 'gain' was given gain = 3.0 but made one with gain = 2.0",
                    value.getMessage());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> Activations.byName("nothing"));
            assertEquals("the factory registered for activation 'nothing' returned null", none.getMessage());
        } finally {
            Activations.unregister("cube");
            Activations.unregister("gain");
            Activations.unregister("nothing");
        }
    }

    @Test
    void concurrentRegistrationsOfOneNameLetExactlyOneWin() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                double gain = t;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        Activations.register("gain", p -> new Gain(gain));
                        return true;
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
            assertInstanceOf(Gain.class, Activations.byName("gain"));
        } finally {
            pool.shutdownNow();
            Activations.unregister("gain");
        }
    }
}
