package org.jdml.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jdml.api.data.DataSplit;
import org.jdml.api.data.MetricDataset;
import org.jdml.evaluation.EvaluationResult;
import org.jdml.evaluation.Evaluator;
import org.jdml.report.Npy;
import org.jdml.runner.model.ModelEmbedder;
import org.jdml.runner.progress.TaskProgress;

/**
 * Evaluates the model as it is now: embeds the evaluation split (and the gallery, if the dataset has
 * one) without gradient and in evaluation mode, then computes the retrieval and clustering metrics
 * of {@code jdml.eval} with {@link Evaluator}.
 */
public final class RunEvaluation {

    /**
     * One evaluation's metrics and the embeddings they came from (host copies, for the run folder).
     *
     * @param gallery empty unless the dataset has a separate gallery
     */
    public record Outcome(Map<String, Double> metrics, double seconds, Embedded queries, Optional<Embedded> gallery) {}

    /** Embeddings (rows x dim) and the label of each row. */
    public record Embedded(float[] values, long rows, long dim, int[] labels) {}

    private final Evaluator evaluator;
    private final MetricDataset dataset;
    private final ModelEmbedder embedder;
    private final NDManager manager;
    private final boolean progress;

    /**
     * @param config the run's configuration ({@code jdml.eval} is read)
     */
    public RunEvaluation(Config config, MetricDataset dataset, ModelEmbedder embedder, NDManager manager,
            boolean progress) {
        this.evaluator = new Evaluator(org.jdml.evaluation.EvaluationSettings.of(config.getConfig("jdml.eval")),
                org.jdml.runner.progress.TaskProgress.display(true));
        this.dataset = dataset;
        this.embedder = embedder;
        this.manager = manager;
        this.progress = progress;
    }

    public Outcome evaluate() {
        long start = System.nanoTime();
        try (NDManager work = manager.newSubManager()) {
            NDArray queries = embed(dataset.evaluation(), "embed eval", work);
            Embedded queryCopy = copy(queries, dataset.evaluation().labels());
            Optional<DataSplit> gallerySplit = dataset.gallery();
            EvaluationResult result;
            Optional<Embedded> galleryCopy = Optional.empty();
            if (gallerySplit.isPresent()) {
                NDArray gallery = embed(gallerySplit.get(), "embed gallery", work);
                galleryCopy = Optional.of(copy(gallery, gallerySplit.get().labels()));
                result = evaluator.evaluate(queries, dataset.evaluation().labels(), gallery,
                        gallerySplit.get().labels());
            } else {
                result = evaluator.evaluate(queries, dataset.evaluation().labels());
            }
            return new Outcome(result.metrics(), (System.nanoTime() - start) / 1e9, queryCopy, galleryCopy);
        }
    }

    private NDArray embed(DataSplit split, String task, NDManager work) {
        try (TaskProgress bar = TaskProgress.start(task, "items", split.size(), 0, progress)) {
            return embedder.embedAll(split, work, done -> bar.stepTo(done, ""));
        }
    }

    private static Embedded copy(NDArray embeddings, int[] labels) {
        long[] shape = embeddings.getShape().getShape();
        return new Embedded(embeddings.toFloatArray(), shape[0], shape[1], labels);
    }

    /**
     * Writes {@code eval-embeddings.npy} and {@code eval-labels.npy} (and {@code gallery-*.npy} when
     * there is a gallery) into {@code dir}.
     */
    public static void save(Outcome outcome, Path dir) {
        try {
            Files.createDirectories(dir);
            write(outcome.queries(), dir, "eval");
            if (outcome.gallery().isPresent()) {
                write(outcome.gallery().get(), dir, "gallery");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embeddings into " + dir, e);
        }
    }

    private static void write(Embedded embedded, Path dir, String prefix) throws IOException {
        Npy.write(dir.resolve(prefix + "-embeddings.npy"), embedded.values(), embedded.rows(), embedded.dim());
        Npy.write(dir.resolve(prefix + "-labels.npy"), embedded.labels());
    }
}
