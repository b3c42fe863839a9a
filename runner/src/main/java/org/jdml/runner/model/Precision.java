package org.jdml.runner.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/** The floating-point type a network's forward and backward passes compute in. */
public enum Precision {
    FP32(DataType.FLOAT32),
    BF16(DataType.BFLOAT16),
    FP16(DataType.FLOAT16);

    private final DataType type;

    Precision(DataType type) {
        this.type = type;
    }

    public DataType dataType() {
        return type;
    }

    /** The setting's spelling: fp32, bf16, fp16. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isLow() {
        return this != FP32;
    }
}
