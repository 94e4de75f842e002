package io.github.matrixbackprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.matrixbackprop.TestNets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Worker threads end when idle, restart on demand, and a worker that cannot start leaves no trace. */
class WorkerPoolTest {

    private static int[] squares(WorkerPool pool, int parts) {
        int[] out = new int[parts];
        pool.run(parts, part -> out[part] = part * part);
        return out;
    }

    private static void awaitNoWorkers(WorkerPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pool.liveWorkers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void idleWorkersEndAndTheNextJobStartsThemAgain() throws InterruptedException {
        WorkerPool pool = new WorkerPool(8, "test-pool", TimeUnit.MILLISECONDS.toNanos(100), Thread::start);
        assertEquals(0, pool.liveWorkers(), "no thread before the first job");
        assertArrayEquals(new int[] {0, 1, 4, 9, 16, 25, 36, 49}, squares(pool, 8));
        assertTrue(pool.liveWorkers() > 0);
        awaitNoWorkers(pool);
        assertEquals(0, pool.liveWorkers(), "idle workers ended");
        for (int round = 0; round < 200; round++) {
            assertArrayEquals(new int[] {0, 1, 4, 9, 16}, squares(pool, 5), "round " + round);
        }
        awaitNoWorkers(pool);
        assertEquals(0, pool.liveWorkers());
    }

    @Test
    void aWorkerThatCannotStartLeavesItsPartToTheCaller() {
        AtomicInteger refused = new AtomicInteger();
        WorkerPool pool = new WorkerPool(6, "test-pool", TimeUnit.SECONDS.toNanos(5), t -> {
            if (t.getName().endsWith("-3") || t.getName().endsWith("-5")) {
                refused.incrementAndGet();
                throw new OutOfMemoryError("unable to create native thread (simulated)");
            }
            t.start();
        });
        assertArrayEquals(new int[] {0, 1, 4, 9, 16, 25}, squares(pool, 6));
        assertEquals(2, refused.get());
        assertEquals(3, pool.liveWorkers(), "workers 1, 2 and 4 run; 3 and 5 were never started");
        assertArrayEquals(new int[] {0, 1, 4, 9, 16, 25}, squares(pool, 6));
    }

    @Test
    void aFailingPartIsRethrownAndThePoolStaysUsable() {
        WorkerPool pool = new WorkerPool(4, "test-pool", TimeUnit.SECONDS.toNanos(5), Thread::start);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(4, part -> {
            if (part == 2) {
                throw new IllegalStateException("part 2 failed");
            }
        }));
        assertEquals("part 2 failed", e.getMessage());
        assertArrayEquals(new int[] {0, 1, 4, 9}, squares(pool, 4));
    }

    @Test
    void kernelsOfManyThreadCountsLeaveNoWorkersBehindOnceIdleAndTheResultsMatch() throws InterruptedException {
        DMatrixRMaj a = TestNets.uniform(new SplittableRandom(1), 300, 200, -1, 1);
        DMatrixRMaj b = TestNets.uniform(new SplittableRandom(2), 200, 150, -1, 1);
        DMatrixRMaj expected = new DMatrixRMaj(300, 150);
        new PackedKernel(ScalarMicroKernel.INSTANCE, 1).mult(a, b, expected);
        for (int t = 2; t <= 12; t++) {
            PackedKernel k = new PackedKernel(ScalarMicroKernel.INSTANCE, t);
            DMatrixRMaj c = new DMatrixRMaj(300, 150);
            k.mult(a, b, c);
            assertArrayEquals(expected.data, c.data, 0.0, t + " threads");
        }
        assertThrows(IllegalArgumentException.class, () -> Kernels.withThreads(100_000));
        assertThrows(IllegalArgumentException.class, () -> new PackedKernel(ScalarMicroKernel.INSTANCE, 513));
    }
}
