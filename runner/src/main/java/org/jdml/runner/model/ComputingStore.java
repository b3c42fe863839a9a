package org.jdml.runner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jdml.api.engine.EngineAdapter;
import org.jdml.runner.engine.EngineSetup;

/**
 * The parameters of one forward pass as the layers read them under a {@link Computation}: each
 * float32 parameter converted to the pass's precision and, when it is a 4-d convolution weight, to
 * channels-last order. The conversions are recorded by autograd, so the gradients of the converted
 * copies arrive on the float32 parameters as float32: the parameters are the master weights, and the
 * optimizer never sees a low-precision array. This is what PyTorch's autocast does for convolutions
 * and matrix products, made explicit for DJL's blocks, which all read their parameters through a
 * store.
 *
 * <p>Batch norm's parameters and running statistics stay float32, as under autocast: the engine
 * normalises a low-precision input with float32 statistics and updates them in float32.
 *
 * <p>A store lives for one pass: its converted copies belong to the pass's manager (the input's), and
 * a parameter read twice in the pass is converted once.
 */
final class ComputingStore extends ParameterStore {

    private static final Set<Parameter.Type> KEPT_FLOAT32 = EnumSet.of(Parameter.Type.GAMMA, Parameter.Type.BETA,
            Parameter.Type.RUNNING_MEAN, Parameter.Type.RUNNING_VAR);

    private final ParameterStore parameters;
    private final Computation computation;
    private final NDManager pass;
    private final EngineAdapter engine = EngineSetup.adapter();
    private final Map<String, NDArray> converted = new HashMap<>();

    /**
     * @param parameters the store the float32 parameters come from (the model's, or a replica's)
     * @param pass the manager of the pass's arrays, which closes when the pass is done with
     */
    ComputingStore(ParameterStore parameters, Computation computation, NDManager pass) {
        super(pass, false);
        this.parameters = parameters;
        this.computation = computation;
        this.pass = pass;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray value = parameters.getValue(parameter, device, training);
        if (value == null || KEPT_FLOAT32.contains(parameter.getType())) {
            return value;
        }
        return converted.computeIfAbsent(parameter.getId(), id -> convert(value));
    }

    private NDArray convert(NDArray value) {
        NDArray result = value;
        if (computation.precision().isLow()) {
            result = engine.convert(result, computation.precision().dataType());
        }
        if (computation.channelsLast() && result.getShape().dimension() == 4) {
            NDArray ordered = engine.toChannelsLast(result);
            if (result != value) {
                result.close();
            }
            result = ordered;
        }
        if (result != value) {
            result.attach(pass);
        }
        return result;
    }
}
