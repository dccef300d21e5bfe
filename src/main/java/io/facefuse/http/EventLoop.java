package io.facefuse.http;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Moving work between a request's Vert.x event loop, where Hibernate Reactive must run, and worker
 * threads, where CPU-heavy or blocking work belongs. RESTEasy runs requests with binary bodies on a
 * worker thread, so the same code may start on either.
 */
public final class EventLoop {

    private EventLoop() {
    }

    /** Runs {@code work} on the request's event loop, hopping there first when called from a worker. */
    public static <T> Uni<T> run(Uni<T> work) {
        Context context = Vertx.currentContext();
        if (context == null || Context.isOnEventLoopThread()) {
            return work;
        }
        return work.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Runs blocking or CPU work on a worker thread and continues on the request's context. */
    public static <T> Uni<T> offload(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> worked = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? worked : worked.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Starts blocking or CPU work on a worker now, for a later step to wait for ({@link #awaited}). */
    public static <T> CompletableFuture<T> started(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, Infrastructure.getDefaultWorkerPool());
    }

    /** What {@link #started} work gave, waited for on this (worker) thread; its failure as the work threw it. */
    public static <T> T awaited(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
