package org.jdml.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.ConfigFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.jdml.api.ComponentKind;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.internal.IdxWriter;
import org.jdml.testkit.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export of items that are not byte images: float IDX files holding exactly what the model reads. */
class IdxExportTest {

    @Test
    void vectorItemsReadBackAsTheSameFloats(@TempDir Path out) throws IOException {
        MetricDataset dataset;
        try (NDManager manager = NDManager.newBaseManager()) {
            dataset = TestContext.build(new SyntheticFactory(), ComponentKind.DATASET, ConfigFactory.parseMap(Map.of(
                    "jdml.dataset.synthetic.dim", 5, "jdml.dataset.synthetic.items-per-class", 3)),
                    TestContext.builder(manager).build());
        }
        Map<String, String> written = IdxExport.write(dataset, out, n -> {});
        assertThat(written).containsKeys("train-items-idx2-float", "train-labels-idx1-int", "eval-items-idx2-float",
                "eval-labels-idx1-int");
        for (String split : new String[] {"train", "eval"}) {
            DataSplit items = split.equals("train") ? dataset.training() : dataset.evaluation();
            float[] expected = items.read(IntStream.range(0, items.size()).toArray(), false, new Random(0));
            try (DataInputStream in = new DataInputStream(Files.newInputStream(out.resolve(split + "-items-idx2-float")))) {
                assertThat(in.readInt()).isEqualTo(0x00000D02);
                assertThat(in.readInt()).isEqualTo(items.size());
                assertThat(in.readInt()).isEqualTo(5);
                float[] actual = new float[expected.length];
                for (int i = 0; i < actual.length; i++) {
                    actual[i] = in.readFloat();
                }
                assertThat(in.read()).isEqualTo(-1);
                assertThat(actual).containsExactly(expected);
            }
            assertThat(IdxWriter.readInts(out.resolve(split + "-labels-idx1-int"))).containsExactly(items.labels());
        }
    }
}
