package org.jdml.runner.cli;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdml.api.ComponentHost;
import org.jdml.api.ComponentKind;
import org.jdml.api.HostContext;
import org.jdml.api.data.MetricDataset;
import org.jdml.dataset.IdxExport;
import org.jdml.runner.assembly.Environment;
import org.jdml.runner.command.ConfigOptions;
import org.jdml.runner.progress.TaskProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdml dataset ...}: commands on a dataset alone, without a model. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Commands on a dataset alone.",
        subcommands = {DatasetCommand.Export.class})
public final class DatasetCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code jdml dataset export NAME --out DIR}: the dataset's splits as IDX files (layout in {@link IdxExport}). */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes a dataset's train, eval (and gallery) splits as IDX files into DIR: "
            + "<split>-images-idx3-ubyte (grey byte images as stored) or <split>-items-idx<k>-float (items as the "
            + "model receives them for evaluation), and <split>-labels-idx1-int. The dataset's settings come from "
            + "the defaults, overlaid with -c/--set.")
    static final class Export implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "NAME", description = "The dataset, e.g. glyphs or fashion-mnist.")
        String name;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder to write into.")
        Path out;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Environment environment = Environment.load(options.loader());
            MetricDataset dataset = build(environment, name);
            long items = dataset.training().size() + dataset.evaluation().size()
                    + dataset.gallery().map(g -> (long) g.size()).orElse(0L);
            Map<String, String> written;
            try (TaskProgress bar = TaskProgress.start("export " + name, "items", items, 0, true)) {
                written = IdxExport.write(dataset, out, done -> bar.stepTo(done, ""));
            }
            PrintWriter text = spec.commandLine().getOut();
            text.println("Wrote " + name + " into " + out + ":");
            written.forEach((file, what) -> text.println("  " + file + ": " + what));
            text.flush();
            return 0;
        }
    }

    /**
     * Builds the dataset {@code name} from the configuration alone (no engine is started unless the
     * dataset asks for the manager).
     *
     * @throws org.jdml.api.config.JdmlConfigurationException if the name is unknown or a setting is bad
     */
    static MetricDataset build(Environment environment, String name) {
        Config config = environment.config();
        // built as any host builds a component; the manager holds nothing but the dataset's own arrays
        ComponentHost host = ComponentHost.of(environment.registries(), environment.registries().classLoader());
        NDManager manager = NDManager.newBaseManager();
        return host.create(ComponentKind.DATASET, name, config, HostContext.builder(manager)
                .seed(config.getLong("jdml.run.seed")).progress(TaskProgress.display(true)).build());
    }
}
