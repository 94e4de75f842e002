package io.github.matrixbackprop.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run numbered parts of one job at a time: part 0 on the
 * calling thread, part {@code i} on worker {@code i}. Each worker has its own slot, written only
 * while that worker is idle, so dispatch needs no allocation and no locks. Callers must not
 * overlap calls of {@link #run} (the kernel serialises them).
 */
final class WorkerPool {

    /** A job split into parts. */
    interface Job {
        void run(int part);
    }

    private static final class Slot {
        volatile long go;
        Job job;
        int part;
        long issued;
    }

    private final Thread[] threads;
    private final Slot[] slots;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Throwable failure;

    WorkerPool(int size, String name) {
        threads = new Thread[size];
        slots = new Slot[size];
        for (int i = 1; i < size; i++) {
            Slot slot = new Slot();
            slots[i] = slot;
            Thread t = new Thread(() -> loop(slot), name + "-" + i);
            t.setDaemon(true);
            threads[i] = t;
            t.start();
        }
    }

    /** The number of parts a job may have (workers plus the caller). */
    int size() {
        return threads.length;
    }

    /** Runs parts {@code 0..parts-1} of {@code job}, part 0 here, and returns when all are done. */
    void run(int parts, Job job) {
        remaining.set(parts - 1);
        failure = null;
        for (int i = 1; i < parts; i++) {
            Slot s = slots[i];
            s.job = job;
            s.part = i;
            s.go = ++s.issued;
            LockSupport.unpark(threads[i]);
        }
        Throwable mine = null;
        try {
            job.run(0);
        } catch (Throwable t) {
            mine = t;
        }
        int spins = 0;
        while (remaining.get() > 0) {
            if (++spins < 20_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
        Throwable theirs = failure;
        if (mine != null || theirs != null) {
            Throwable t = mine != null ? mine : theirs;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    private void loop(Slot slot) {
        long seen = 0;
        while (true) {
            int spins = 0;
            long g;
            while ((g = slot.go) == seen) {
                if (++spins < 50_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            try {
                slot.job.run(slot.part);
            } catch (Throwable t) {
                failure = t;
            }
            remaining.decrementAndGet();
        }
    }
}
