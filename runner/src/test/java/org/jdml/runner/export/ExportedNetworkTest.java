package org.jdml.runner.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.jdml.api.model.ReferenceLayout;
import org.jdml.runner.engine.EngineSetup;
import org.jdml.runner.model.EmbeddingNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExportedNetworkTest {

    /** conv1 (no bias), bn1, global average pooling: torch names them as {@link #referenceNames()} does. */
    static final class TinyLayout extends SequentialBlock implements ReferenceLayout {

        TinyLayout() {
            add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optBias(false).build());
            add(BatchNorm.builder().build());
            add(Pool.globalAvgPool2dBlock());
        }

        @Override
        public List<String> referenceNames() {
            return List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var");
        }

        @Override
        public List<String> stages() {
            return List.of("stem");
        }

        @Override
        public String stageOf(String referenceName) {
            return "stem";
        }

        @Override
        public String headName() {
            return "fc";
        }

        @Override
        public String layoutName() {
            return "tiny";
        }
    }

    @BeforeAll
    static void oneThread() {
        EngineSetup.start(1);
    }

    private static EmbeddingNetwork initialised(Block backbone, NDManager manager, Shape item) {
        EmbeddingNetwork network = new EmbeddingNetwork(backbone, 5, true);
        network.initialize(manager, DataType.FLOAT32, new Shape(2).addAll(item));
        return network;
    }

    @Test
    void aReferenceLayoutGivesItsNamesTheHeadAndABatchCounterPerBatchNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingNetwork network = initialised(new TinyLayout(), manager, new Shape(3, 8, 8));
            ExportedNetwork exported = ExportedNetwork.of(network);
            int parameters = network.backbone().getParameters().size();
            assertThat(parameters).isEqualTo(5);
            // every parameter, one num_batches_tracked per batch norm, the head's weight and bias
            assertThat(exported.tensors().names()).hasSize(parameters + 1 + 2).containsExactly(
                    "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                    "bn1.num_batches_tracked", "fc.weight", "fc.bias");
            assertThat(exported.layout()).map(ReferenceLayout::layoutName).contains("tiny");
            assertThat(exported.features()).isEqualTo(4);
            SafeTensorsWriter.Tensor conv = exported.tensors().tensor("conv1.weight");
            assertThat(conv.dtype()).isEqualTo("F32");
            assertThat(conv.shape()).containsExactly(4, 3, 3, 3);
            assertThat(floats(conv)).containsExactly(network.backbone().getParameters().get(0).getValue().getArray()
                    .toFloatArray());
            SafeTensorsWriter.Tensor counter = exported.tensors().tensor("bn1.num_batches_tracked");
            assertThat(counter.dtype()).isEqualTo("I64");
            assertThat(counter.shape()).isEmpty();
            assertThat(counter.data()).containsOnly(0);
            SafeTensorsWriter.Tensor head = exported.tensors().tensor("fc.weight");
            assertThat(head.shape()).containsExactly(5, 4); // (out, in), as torch's Linear
            assertThat(floats(head)).containsExactly(network.embedding().getParameters().get("weight").getArray()
                    .toFloatArray());
        }
    }

    @Test
    void anyOtherBackboneKeepsJdmlsNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingNetwork network = initialised(new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(ai.djl.nn.core.Linear.builder().setUnits(3).build()), manager, new Shape(6));
            ExportedNetwork exported = ExportedNetwork.of(network);
            assertThat(exported.layout()).isEmpty();
            assertThat(exported.tensors().names()).containsExactlyElementsOf(network.getParameters().keys());
            assertThat(exported.tensors().names()).contains("02embedding_weight", "02embedding_bias");
            assertThat(exported.features()).isEqualTo(3);
        }
    }

    private static float[] floats(SafeTensorsWriter.Tensor tensor) {
        float[] out = new float[tensor.data().length / 4];
        java.nio.ByteBuffer.wrap(tensor.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
