package org.jdml.loss.triplet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.jdml.api.loss.Scalars;
import org.junit.jupiter.api.Test;

/** The api Scalars helpers as the triplet losses use them. */
class ApiScalarsTest {

    @Test
    void keepsAScalarsTypeInArithmetic() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray single = manager.create(2f);
            NDArray dual = manager.create(2.0);
            assertThat(single.add(Scalars.number(single, 0.1)).getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(dual.add(Scalars.number(dual, 0.1)).getDouble()).isEqualTo(2.1);
        }
    }

    @Test
    void scalarArraysHaveTheTypeAndManagerOfTheirModel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray model = manager.zeros(new ai.djl.ndarray.types.Shape(2), DataType.FLOAT32);
            NDArray half = Scalars.of(model, 0.5);
            assertThat(half.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(half.getManager()).isSameAs(manager);
            assertThat(half.getFloat()).isEqualTo(0.5f);
        }
    }
}
