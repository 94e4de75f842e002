package io.github.matrixbackprop.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of numbered worker slots that run the parts of one job at a time: part 0 on the
 * calling thread, part {@code i} on worker {@code i}. Which thread runs a part never changes its
 * result: parts are fixed partitions of the work.
 *
 * <p>Workers are daemon threads started on first use; a worker idle for {@link #idleNanos} ends,
 * and the next job that needs it starts a new one, so an unused pool holds no threads and needs no
 * closing. If a worker cannot be started (the JVM is out of native threads) its part runs on the
 * calling thread instead, with the same result, and nothing is left behind.
 *
 * <p>Each worker has its own slot, written only while that worker waits, so dispatch needs no
 * allocation and no locks. Callers must not overlap calls of {@link #run} (the kernel serialises
 * them).
 */
final class WorkerPool {

    /** How long a worker waits for its next part before it ends, by default. */
    static final long DEFAULT_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A job split into parts. */
    interface Job {
        void run(int part);
    }

    /** Starts the thread of a worker; a test may inject one that fails. */
    interface Starter {
        void start(Thread t);
    }

    private static final int ABSENT = 0;
    private static final int WAITING = 1;
    private static final int ASSIGNED = 2;

    private static final class Slot {
        /** ABSENT: no thread; WAITING: its thread waits for a part; ASSIGNED: a part is posted. */
        final AtomicInteger state = new AtomicInteger(ABSENT);
        volatile Thread thread;
        Job job;
        int part;
    }

    private final String name;
    private final int size;
    private final Slot[] slots;
    private final long idleNanos;
    private final Starter starter;
    private final boolean[] runHere;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Throwable failure;

    WorkerPool(int size, String name) {
        this(size, name, DEFAULT_IDLE_NANOS, Thread::start);
    }

    WorkerPool(int size, String name, long idleNanos, Starter starter) {
        this.name = name;
        this.size = size;
        this.idleNanos = idleNanos;
        this.starter = starter;
        slots = new Slot[size];
        runHere = new boolean[size];
        for (int i = 1; i < size; i++) {
            slots[i] = new Slot();
        }
    }

    /** The number of parts a job may have (workers plus the caller). */
    int size() {
        return size;
    }

    /** The number of worker threads alive now. */
    int liveWorkers() {
        int n = 0;
        for (int i = 1; i < size; i++) {
            Thread t = slots[i].thread;
            n += t != null && t.isAlive() ? 1 : 0;
        }
        return n;
    }

    /** Runs parts {@code 0..parts-1} of {@code job}, part 0 here, and returns when all are done. */
    void run(int parts, Job job) {
        remaining.set(parts - 1);
        failure = null;
        boolean anyHere = false;
        for (int i = 1; i < parts; i++) {
            runHere[i] = !dispatch(slots[i], i, job);
            anyHere |= runHere[i];
        }
        Throwable mine = null;
        try {
            job.run(0);
            if (anyHere) {
                for (int i = 1; i < parts; i++) {
                    if (runHere[i]) {
                        runHere[i] = false;
                        job.run(i);
                        remaining.decrementAndGet();
                    }
                }
            }
        } catch (Throwable t) {
            mine = t;
            for (int i = 1; i < parts; i++) {
                if (runHere[i]) {
                    runHere[i] = false;
                    remaining.decrementAndGet();
                }
            }
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

    /** Posts part {@code i} to its worker, starting one if none waits; false if none could be started. */
    private boolean dispatch(Slot slot, int i, Job job) {
        slot.job = job;
        slot.part = i;
        if (slot.state.compareAndSet(WAITING, ASSIGNED)) {
            LockSupport.unpark(slot.thread);
            return true;
        }
        // no thread, or it has just ended: start one; it finds its part already posted
        slot.state.set(ASSIGNED);
        Thread t = new Thread(() -> loop(slot), name + "-" + i);
        t.setDaemon(true);
        slot.thread = t;
        try {
            starter.start(t);
            return true;
        } catch (OutOfMemoryError | RuntimeException e) {
            slot.thread = null;
            slot.state.set(ABSENT);
            return false;
        }
    }

    private void loop(Slot slot) {
        while (true) {
            long idleSince = System.nanoTime();
            int spins = 0;
            while (slot.state.get() != ASSIGNED) {
                if (++spins < 50_000) {
                    Thread.onSpinWait();
                    continue;
                }
                long left = idleNanos - (System.nanoTime() - idleSince);
                if (left <= 0) {
                    if (slot.state.compareAndSet(WAITING, ABSENT)) {
                        return; // idle too long: end; the next job starts a new worker
                    }
                    continue; // a part was posted just now
                }
                LockSupport.parkNanos(this, left);
            }
            try {
                slot.job.run(slot.part);
            } catch (Throwable t) {
                failure = t;
            }
            slot.job = null;
            slot.state.set(WAITING);
            remaining.decrementAndGet();
        }
    }
}
