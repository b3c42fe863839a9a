package org.jdml.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jdml's Adam and SGD against torch.optim: the same weights, gradients, changing learning rates and
 * per-group multipliers give the weights PyTorch computed (optimizer/make-reference.py wrote the
 * fixture; float64 there, float32 here).
 */
class OptimizerReferenceTest {

    /** The fixture as Gson reads it. */
    record Reference(String torch, List<List<Double>> initial, List<List<List<Double>>> gradients, List<Double> rates,
            List<Double> multipliers, List<Map<String, Object>> cases) {}

    static Reference reference() throws Exception {
        try (Reader in = new InputStreamReader(OptimizerReferenceTest.class.getResourceAsStream("/optimizer/reference.json"),
                StandardCharsets.UTF_8)) {
            return new Gson().fromJson(in, Reference.class);
        }
    }

    static Stream<String> cases() throws Exception {
        return reference().cases().stream().map(c -> (String) c.get("name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void followsTorchOptimStepByStep(String name) throws Exception {
        Reference reference = reference();
        Map<String, Object> c = reference.cases().stream().filter(x -> name.equals(x.get("name"))).findFirst().orElseThrow();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<TrainableParameter> parameters = new ArrayList<>();
            for (int group = 0; group < reference.initial().size(); group++) {
                Parameter p = Parameter.builder().setName("w" + group).setType(Parameter.Type.WEIGHT).build();
                p.setArray(manager.create(floats(reference.initial().get(group)),
                        new Shape(reference.initial().get(group).size())));
                parameters.add(new TrainableParameter("w" + group, p, reference.multipliers().get(group).floatValue()));
            }
            double decay = (Double) c.get("weight-decay");
            try (ParameterOptimizer optimizer = "adam".equals(c.get("optimizer"))
                    ? new AdamOptimizer(parameters, manager, (Double) c.get("beta1"), (Double) c.get("beta2"),
                            (Double) c.get("eps"), decay)
                    : new SgdOptimizer(parameters, manager, (Double) c.get("momentum"), (Boolean) c.get("nesterov"), decay)) {
                List<List<List<Double>>> after = (List<List<List<Double>>>) c.get("after");
                for (int t = 0; t < reference.rates().size(); t++) {
                    for (int group = 0; group < parameters.size(); group++) {
                        try (NDManager scratch = manager.newSubManager()) {
                            optimizer.update(group, scratch.create(floats(reference.gradients().get(t).get(group))),
                                    reference.rates().get(t), scratch);
                        }
                        float[] actual = parameters.get(group).parameter().getArray().toFloatArray();
                        List<Double> expected = after.get(t).get(group);
                        for (int i = 0; i < actual.length; i++) {
                            assertThat((double) actual[i]).as("%s: w%d[%d] after step %d", name, group, i, t + 1)
                                    .isCloseTo(expected.get(i), within(2e-6 * Math.max(1, Math.abs(expected.get(i)))));
                        }
                    }
                }
            }
        }
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
