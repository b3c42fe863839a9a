package org.jdml.runner.retrieval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdml.runner.cli.TrainCommandTest;
import org.jdml.runner.train.ImageFolderTrainingTest;

/** Small trained runs for the retrieval commands' tests: a folder of pictures, and synthetic vectors. */
final class RetrievalRuns {

    /** Quiet, one engine thread. */
    static final List<String> COMMON = List.of(
            "jdml.train.progress=false",
            "jdml.eval.progress=false",
            "jdml.run.threads=1");

    /** 6 classes x 6 pictures of 40 x 32: each class a colour and a stripe direction. */
    static Path writeImages(Path root) throws IOException {
        return ImageFolderTrainingTest.writeImages(root, 6);
    }

    /** The settings of a short image-folder run (3 training, 3 evaluation classes). */
    static List<String> imageRun(Path photos, String name) {
        List<String> sets = new ArrayList<>(COMMON);
        sets.addAll(List.of(
                "jdml.run.name=" + name,
                "jdml.dataset.name=image-folder",
                "jdml.dataset.image-folder.dir=\"" + photos + "\"",
                "jdml.dataset.image-folder.size=24",
                "jdml.dataset.image-folder.resize=28",
                "jdml.backbone.name=small-conv",
                "jdml.backbone.small-conv.channels=[8, 16]",
                "jdml.model.embedding-size=16",
                "jdml.sampler.m-per-class.m=6",
                "jdml.loss.name=test-pairs",
                "jdml.train.batch-size=12",
                "jdml.train.epochs=2",
                "jdml.train.iterations-per-epoch=2",
                "jdml.train.embed-batch-size=5"));
        return sets;
    }

    /** The settings of a short synthetic-vector run. */
    static List<String> syntheticRun(String name) {
        List<String> sets = new ArrayList<>(TrainCommandTest.SMALL);
        sets.add("jdml.run.name=" + name);
        return sets;
    }

    static TrainCommandTest.Result run(Path runs, List<String> sets, String... args) {
        return TrainCommandTest.run(runs, sets, args);
    }

    private RetrievalRuns() {}
}
