package org.jdml.runner.retrieval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.jdml.runner.Jdml;
import picocli.CommandLine;

/** Small trained runs for the retrieval commands' tests: a folder of pictures, and synthetic vectors. */
final class RetrievalRuns {

    record Result(int exit, String out, String err) {}

    static final List<String> COMMON = List.of(
            "jdml.train.progress=false",
            "jdml.eval.progress=false",
            "jdml.run.threads=1");

    /** 6 classes x 6 pictures of 40 x 32: each class a colour and a stripe direction. */
    static Path writeImages(Path root) throws IOException {
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE, Color.MAGENTA, Color.CYAN};
        Random random = new Random(1);
        for (int c = 0; c < colours.length; c++) {
            Path folder = Files.createDirectories(root.resolve("class-" + c));
            for (int i = 0; i < 6; i++) {
                BufferedImage image = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(colours[c]);
                g.fillRect(0, 0, 40, 32);
                g.setColor(Color.WHITE);
                for (int s = 0; s < 40; s += 8) {
                    int offset = random.nextInt(3);
                    if (c % 2 == 0) {
                        g.fillRect(s + offset, 0, 3, 32);
                    } else {
                        g.fillRect(0, (s + offset) % 32, 40, 3);
                    }
                }
                g.dispose();
                String format = i % 2 == 0 ? "png" : "jpg";
                ImageIO.write(image, format, folder.resolve("img-" + i + "." + format).toFile());
            }
        }
        return root;
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
    static List<String> syntheticRun(String name, String... more) {
        List<String> sets = new ArrayList<>(COMMON);
        sets.addAll(List.of(
                "jdml.run.name=" + name,
                "jdml.dataset.name=synthetic",
                "jdml.dataset.synthetic.items-per-class=20",
                "jdml.backbone.name=mlp",
                "jdml.backbone.mlp.hidden=[16]",
                "jdml.model.embedding-size=8",
                "jdml.sampler.m-per-class.m=4",
                "jdml.loss.name=test-pairs",
                "jdml.train.batch-size=16",
                "jdml.train.epochs=2"));
        sets.addAll(List.of(more));
        return sets;
    }

    static Result run(Path runs, List<String> sets, String... args) {
        Path plugins = runs.resolveSibling(runs.getFileName() + "-plugins");
        try {
            Files.createDirectories(plugins);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> all = new ArrayList<>(List.of(args));
        for (String set : sets) {
            all.add("--set");
            all.add(set);
        }
        all.add("--set");
        all.add("jdml.run.dir=\"" + runs + "\"");
        all.add("--plugins");
        all.add(plugins.toString());
        CommandLine line = Jdml.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exit = line.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private RetrievalRuns() {}
}
