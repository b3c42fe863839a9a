package org.jdml.engine.pytorch;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Engine operations that DJL's PyTorch engine does not offer, as methods of a small TorchScript
 * module that this class writes and loads once per JVM: conversions to and from float16 and
 * bfloat16 that autograd records (DJL's {@code toType} runs without a graph, and its native code
 * maps no data type to bfloat16 at all, aborting the JVM), and conversion to channels-last memory
 * order. The methods run in the calling thread's gradient mode, so inside a gradient collector the
 * gradient flows back through them.
 */
final class ScriptedOps {

    /** The module's TorchScript source: ScalarType 5 is Half, 6 Float, 15 BFloat16; MemoryFormat 2 ChannelsLast. */
    private static final String SOURCE = String.join("\n",
            "class JdmlOps(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.JdmlOps, x: Tensor) -> Tensor:",
            "    return x",
            "  def to_float32(self: __torch__.JdmlOps, x: Tensor) -> Tensor:",
            "    return torch.to(x, 6)",
            "  def to_float16(self: __torch__.JdmlOps, x: Tensor) -> Tensor:",
            "    return torch.to(x, 5)",
            "  def to_bfloat16(self: __torch__.JdmlOps, x: Tensor) -> Tensor:",
            "    return torch.to(x, 15)",
            "  def to_type_of(self: __torch__.JdmlOps, x: Tensor, like: Tensor) -> Tensor:",
            "    return torch.to(x, ops.prim.dtype(like))",
            // clone, not contiguous: an array with one channel is both contiguous and channels-last,
            // and only explicit channels-last strides make the convolutions choose that layout
            "  def to_channels_last(self: __torch__.JdmlOps, x: Tensor) -> Tensor:",
            "    return torch.clone(x, memory_format=2)",
            "  def is_channels_last(self: __torch__.JdmlOps, x: Tensor) -> Tensor:",
            "    return torch.tensor(torch.is_contiguous(x, 2))",
            "  def scalar_type(self: __torch__.JdmlOps, x: Tensor) -> Tensor:",
            "    return torch.tensor(ops.prim.dtype(x))",
            "");

    private static final Map<Integer, DataType> SCALAR_TYPES = Map.of(0, DataType.UINT8, 1, DataType.INT8,
            3, DataType.INT32, 4, DataType.INT64, 5, DataType.FLOAT16, 6, DataType.FLOAT32, 7, DataType.FLOAT64,
            11, DataType.BOOLEAN, 15, DataType.BFLOAT16);

    private static volatile ScriptedOps instance;

    private final PtSymbolBlock module;
    /** One array per method whose name tells DJL which method to run; never passed to it. */
    private final Map<String, NDArray> markers = new ConcurrentHashMap<>();
    private final NDManager manager;

    private ScriptedOps(NDManager manager, PtSymbolBlock module) {
        this.manager = manager;
        this.module = module;
    }

    static ScriptedOps get() {
        ScriptedOps ops = instance;
        if (ops == null) {
            synchronized (ScriptedOps.class) {
                ops = instance;
                if (ops == null) {
                    instance = ops = load();
                }
            }
        }
        return ops;
    }

    private static ScriptedOps load() {
        // lives as long as the JVM: the module has no parameters and holds a few bytes
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        byte[] archive = TorchScriptArchive.of("jdml_ops", "JdmlOps", SOURCE);
        try {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive),
                    false, false);
            return new ScriptedOps(manager, module);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load jdml's TorchScript operations", e);
        }
    }

    /** {@code x} as {@code type}, recorded by autograd; the result belongs to x's manager. */
    NDArray convert(NDArray x, DataType type) {
        String method = switch (type) {
            case FLOAT32 -> "to_float32";
            case FLOAT16 -> "to_float16";
            case BFLOAT16 -> "to_bfloat16";
            default -> throw new IllegalArgumentException("converts to float32, float16 or bfloat16, not " + type);
        };
        return run(method, x);
    }

    NDArray convertLike(NDArray x, NDArray like) {
        return run("to_type_of", x, like);
    }

    NDArray toChannelsLast(NDArray x) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("channels-last order is for 4-d arrays (B, C, H, W), not "
                    + x.getShape());
        }
        return run("to_channels_last", x);
    }

    boolean isChannelsLast(NDArray x) {
        try (NDArray answer = run("is_channels_last", x)) {
            return answer.getBoolean();
        }
    }

    DataType dataType(NDArray x) {
        try (NDArray code = run("scalar_type", x)) {
            return SCALAR_TYPES.getOrDefault((int) code.getLong(), DataType.UNKNOWN);
        }
    }

    /**
     * DJL reads some array names as a request to pack the input into a list, tuple or dictionary
     * ("a.b", "x[]", "x()"); such an array goes in as an unnamed view of itself.
     */
    private static NDArray plainlyNamed(NDArray x) {
        String name = x.getName();
        boolean special = name != null && (name.contains(".") || name.contains("[") || name.contains("(")
                || name.startsWith("module_method:"));
        return special ? x.reshape(x.getShape()) : x;
    }

    /** Runs {@code method} on the arrays; DJL runs a module method named by an input array's name. */
    private NDArray run(String method, NDArray... arguments) {
        NDArray marker = markers.computeIfAbsent(method, m -> {
            NDArray array = manager.zeros(new Shape(1));
            array.setName("module_method:" + m);
            return array;
        });
        NDList inputs = new NDList(arguments.length + 1);
        NDList views = new NDList();
        for (NDArray argument : arguments) {
            NDArray plain = plainlyNamed(argument);
            if (plain != argument) {
                views.add(plain);
            }
            inputs.add(plain);
        }
        inputs.add(marker);
        try {
            // training = true: the method runs in the thread's gradient mode instead of under a no-grad guard
            return IValueUtils.forward(module, inputs, true).singletonOrThrow();
        } finally {
            views.close();
        }
    }
}
