package org.jdml.dataset.image;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode a dataset's images, started on first use. They are daemons and end
 * after a minute without work, so a dataset needs no closing.
 */
public final class DecodePool {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private volatile ExecutorService executor;

    public DecodePool(int threads) {
        this.threads = Math.max(1, threads);
    }

    public int threads() {
        return threads;
    }

    ExecutorService executor() {
        ExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), daemons("jdml-decode-" + POOLS.incrementAndGet() + "-"));
                    pool.allowCoreThreadTimeOut(true);
                    executor = e = pool;
                }
            }
        }
        return e;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
