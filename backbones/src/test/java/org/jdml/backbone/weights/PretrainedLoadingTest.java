package org.jdml.backbone.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.data.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole file is checked before a weight is used, and every misfit is named with file, tensor and shapes. */
class PretrainedLoadingTest {

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Linear(3 -> 2) with bias: weight (2, 3), bias (2), named fc0; its dropped classifier is fc. */
    private PretrainedLayoutBlock tiny(Path file) {
        Block linear = new SequentialBlock().add(Linear.builder().setUnits(2).build());
        Layout layout = new Layout("tiny", List.of("fc0.weight", "fc0.bias"), List.of("all"), name -> "all", "fc",
                List.of());
        PretrainedLayoutBlock block = (PretrainedLayoutBlock) LayoutBlock.of(linear, layout, Optional.of(file));
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return block;
    }

    private Path write(Map<String, float[]> values, Map<String, long[]> shapes) throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.writeFloats(file, values, shapes);
        return file;
    }

    private Path good() throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        values.put("fc0.weight", new float[] {1, 2, 3, 4, 5, 6});
        values.put("fc0.bias", new float[] {-1, 1});
        values.put("fc.weight", new float[] {9});
        return write(values, Map.of("fc0.weight", new long[] {2, 3}, "fc0.bias", new long[] {2}, "fc.weight",
                new long[] {1}));
    }

    private float[] values(LayoutBlock block, int i) {
        return block.getParameters().values().get(i).getArray().toFloatArray();
    }

    @Test
    void aFittingFileIsCopiedInAndTheClassifierLeftOut() throws IOException {
        PretrainedLayoutBlock block = tiny(good());
        assertThat(block.loadPretrained()).contains("Loaded 2 pretrained tensors").contains("1 without a place");
        assertThat(values(block, 0)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(values(block, 1)).containsExactly(-1, 1);
        Parameter weight = block.getParameters().values().get(0);
        assertThat(weight.requiresGradient()).as("still trainable").isTrue();
    }

    @Test
    void aMissingTensorAWrongShapeAndAnExtraTensorAreAllNamedAndNothingIsCopied() throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        values.put("fc0.weight", new float[] {1, 2, 3, 4, 5, 6});
        values.put("layer9.weight", new float[] {1});
        Path file = write(values, Map.of("fc0.weight", new long[] {3, 2}, "layer9.weight", new long[] {1}));
        PretrainedLayoutBlock block = tiny(file);
        float[] before = values(block, 0);
        assertThatThrownBy(block::loadPretrained).isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tensor 'fc0.weight' has shape (3, 2), the network needs (2, 3)")
                .hasMessageContaining("tensor 'fc0.bias' is missing (the network needs shape (2))")
                .hasMessageContaining("tensors the network has no place for: [layer9.weight]");
        assertThat(values(block, 0)).as("nothing copied").containsExactly(before);
    }

    @Test
    void aTruncatedFileOrAnotherFormatIsNamed() throws IOException {
        Path file = good();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> tiny(file).loadPretrained()).isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated or damaged");
        Files.write(file, Arrays.copyOf(whole, 40));
        assertThatThrownBy(() -> tiny(file).loadPretrained()).isInstanceOf(DataException.class)
                .hasMessageContaining("not a complete safetensors file");
        Files.writeString(file, "PK\u0003\u0004 a zip, as torch.save writes");
        assertThatThrownBy(() -> tiny(file).loadPretrained()).isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aHalfPrecisionTensorIsRefusedByDtype() throws IOException {
        String header = "{\"fc0.weight\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]},"
                + "\"fc0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + json.length + 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        Path file = dir.resolve("half.safetensors");
        Files.write(file, out.array());
        assertThatThrownBy(() -> tiny(file).loadPretrained()).isInstanceOf(DataException.class)
                .hasMessageContaining("tensor 'fc0.weight' has dtype F16").hasMessageContaining("tensor.float()");
    }

    @Test
    void torchvisionNamesCountTheNetworksParameters() {
        assertThat(TorchvisionNames.resnet(new int[] {2, 2, 2, 2}, false)).hasSize(1 + 4 + 8 * 10 + 3 * 5)
                .startsWith("conv1.weight", "bn1.weight").contains("layer2.0.downsample.0.weight")
                .doesNotContain("layer1.0.downsample.0.weight");
        assertThat(TorchvisionNames.resnet(new int[] {3, 4, 6, 3}, true)).contains("layer1.0.downsample.1.running_var",
                "layer4.2.conv3.weight");
    }

    /** A file with every tensor {@code block} needs, filled with its index, plus {@code extra} (one value each). */
    private Path fileFor(LayoutBlock block, String... extra) throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<String> names = block.referenceNames();
        for (int i = 0; i < names.size(); i++) {
            long[] shape = block.getParameters().values().get(i).getArray().getShape().getShape();
            float[] v = new float[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)];
            Arrays.fill(v, i);
            values.put(names.get(i), v);
            shapes.put(names.get(i), shape);
        }
        for (String name : extra) {
            values.put(name, new float[] {1});
            shapes.put(name, new long[] {1});
        }
        return write(values, shapes);
    }

    private LayoutBlock backbone(String name, Path weights) {
        Block block = ComponentHost.of(getClass().getClassLoader()).create(ComponentKind.BACKBONE, name,
                ConfigFactory.parseString("jdml.backbone." + name + ".weights = \"" + weights + "\""),
                HostContext.builder(manager).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return (LayoutBlock) block;
    }

    @Test
    void googLeNetLeavesOutTorchvisionsClassifierAuxiliaryHeadsAndCountersButNamesAnythingElse() throws IOException {
        Path file = dir.resolve("placeholder.safetensors");
        Files.writeString(file, "");
        LayoutBlock shapes = backbone("googlenet", file);
        Path good = fileFor(shapes, "fc.weight", "aux1.conv.conv.weight", "aux2.fc2.bias",
                "conv1.bn.num_batches_tracked");
        PretrainedLayoutBlock block = (PretrainedLayoutBlock) backbone("googlenet", good);
        assertThat(block.loadPretrained()).contains("Loaded 285 pretrained tensors (torchvision googlenet)")
                .contains("4 without a place here left out: the classifiers (fc.*, aux1.*, aux2.*) and the batch counters");
        assertThat(values(block, 284)).containsOnly(284f);
        Path misfit = fileFor(shapes, "aux1.fc1.weight", "inception6a.branch1.conv.weight");
        assertThatThrownBy(((PretrainedLayoutBlock) backbone("googlenet", misfit))::loadPretrained).isInstanceOf(DataException.class)
                .hasMessageContaining(misfit + " does not fit the backbone (torchvision googlenet)")
                .hasMessageContaining("tensors the network has no place for: [inception6a.branch1.conv.weight]");
    }

    @Test
    void bnInceptionLeavesOutLastLinearButNotAnotherNetworksClassifier() throws IOException {
        Path file = dir.resolve("placeholder.safetensors");
        Files.writeString(file, "");
        LayoutBlock shapes = backbone("bninception", file);
        PretrainedLayoutBlock block = (PretrainedLayoutBlock) backbone("bninception",
                fileFor(shapes, "last_linear.weight", "last_linear.bias"));
        assertThat(block.loadPretrained()).contains("Loaded 414 pretrained tensors (pretrainedmodels bninception)")
                .contains("left out: the classifier (last_linear.*)");
        Path misfit = fileFor(shapes, "fc.weight", "aux1.conv.conv.weight");
        assertThatThrownBy(((PretrainedLayoutBlock) backbone("bninception", misfit))::loadPretrained).isInstanceOf(DataException.class)
                .hasMessageContaining("tensors the network has no place for: [aux1.conv.conv.weight, fc.weight]");
    }
}
