package org.jdml.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class GraphKeepAliveTest {

    /** Collects garbage, lets the cleaner free direct buffers, and reuses freed native memory. */
    private static void collectAndReuse() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        ByteBuffer[] reuse = new ByteBuffer[2000];
        for (int k = 0; k < reuse.length; k++) {
            reuse[k] = ByteBuffer.allocateDirect(4);
            reuse[k].putFloat(0, 1e-6f * k);
        }
    }

    @Test
    void scalarsSavedForBackwardSurviveAGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        for (int rep = 0; rep < 5; rep++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = manager.ones(new Shape(4));
                x.setRequiresGradient(true);
                try (GraphKeepAlive keepAlive = new GraphKeepAlive();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    // the scalars 3.5 and 2 borrow direct buffers that DJL lets go right after each op
                    NDArray y = x.mul(3.5f).div(2f).sum();
                    assertThat(keepAlive.held()).isGreaterThanOrEqualTo(2);
                    collectAndReuse();
                    collector.backward(y);
                }
                assertThat(x.getGradient().toFloatArray()).as("repetition %d", rep).containsOnly(1.75f);
            }
        }
    }

    @Test
    void closingTheScopeClosesNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray kept;
            try (GraphKeepAlive keepAlive = new GraphKeepAlive()) {
                kept = manager.ones(new Shape(2)).mul(2f);
            }
            assertThat(kept.toFloatArray()).containsExactly(2f, 2f);
        }
    }
}
