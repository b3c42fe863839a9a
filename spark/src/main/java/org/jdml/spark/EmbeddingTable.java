package org.jdml.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Embeddings as a table: {@code id} (the item's index in its split), {@code label}, {@code source}
 * (its file, or its position in the dataset) and {@code vector} (float array), one row per item.
 * Written as Parquet, which pandas, pyarrow, DuckDB and Spark read as they are.
 */
final class EmbeddingTable {

    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("source", DataTypes.StringType, false)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private EmbeddingTable() {}

    static Dataset<Row> of(SparkSession spark, JavaRDD<EmbeddedPart> parts) {
        JavaRDD<Row> rows = parts.flatMap(part -> {
            List<Row> out = new ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                float[] vector = new float[part.dim()];
                System.arraycopy(part.vectors(), i * part.dim(), vector, 0, part.dim());
                out.add(RowFactory.create(part.start() + i, part.labels()[i], part.sources()[i], vector));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** Writes the table as Parquet files into the folder {@code out}; an existing folder only with {@code overwrite}. */
    static void write(Dataset<Row> table, String out, boolean overwrite) {
        table.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(out);
    }
}
