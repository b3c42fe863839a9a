package org.jdml.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdml.runner.Jdml;
import org.jdml.runner.checkpoint.CheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during a run, for real: the runs folder is a small tmpfs in a private mount
 * namespace ({@code unshare}, no root needed where user namespaces are allowed; skipped, and reported
 * as skipped, where they are not). A first run trains one epoch; the disk is then filled up to a few
 * KB, too little for a checkpoint; the resumed run must stop with the I/O exit code and one plain
 * paragraph naming the checkpoint folder and the reason, leave no temporary file and keep the first
 * epoch's checkpoint; once space is freed, the same resume finishes the second epoch.
 */
class FullDiskIT {

    @TempDir
    Path dir;

    @Test
    void aFullDiskWhileCheckpointingIsOneParagraphAndTheRunResumesOnceThereIsSpace() throws Exception {
        assumeTrue(namespacesWork(), "unshare -rm cannot mount a tmpfs here (user namespaces are off)");
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path out = Files.createDirectories(dir.resolve("out"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jdml = java + " -Xmx1g -Dai.djl.offline=true -cp '" + System.getProperty("java.class.path") + "' "
                + Jdml.class.getName() + " train --plugins '" + plugins + "'"
                + set("jdml.run.dir=\"" + runs + "\"") + set("jdml.run.name=full") + set("jdml.run.threads=1")
                + set("jdml.dataset.name=synthetic") + set("jdml.backbone.name=mlp")
                // a checkpoint of about 3 MB (weights and Adam's two moments), logs of a few KB
                + set("jdml.backbone.mlp.hidden=[512,512]") + set("jdml.train.progress=false")
                + set("jdml.eval.progress=false") + set("jdml.report.retrieval.enabled=false");
        String script = String.join("\n",
                "mount -t tmpfs -o size=32m tmpfs '" + runs + "' || exit 90",
                jdml + set("jdml.train.epochs=1") + " > '" + out + "/first.out' 2> '" + out + "/first.err'",
                "echo $? > '" + out + "/first.exit'",
                // fill the disk, then give back 64 KB: room for log lines, none for a checkpoint
                "dd if=/dev/zero of='" + runs + "/filler' bs=64k 2> /dev/null",
                "truncate -s -64K '" + runs + "/filler'",
                jdml + " --resume full" + set("jdml.train.epochs=2") + " > '" + out + "/full.out' 2> '" + out
                        + "/full.err'",
                "echo $? > '" + out + "/full.exit'",
                "ls -a '" + runs + "/full/checkpoints' > '" + out + "/after-full.ls'",
                "rm '" + runs + "/filler'",
                jdml + " --resume full" + set("jdml.train.epochs=2") + " > '" + out + "/freed.out' 2> '" + out
                        + "/freed.err'",
                "echo $? > '" + out + "/freed.exit'",
                "ls -a '" + runs + "/full/checkpoints' > '" + out + "/after-freed.ls'");
        Process shell = new ProcessBuilder("unshare", "-rm", "sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(dir.resolve("shell.log").toFile()).start();
        assertThat(shell.waitFor(8, TimeUnit.MINUTES)).as("the three runs finish").isTrue();
        assertThat(shell.exitValue()).as(Files.readString(dir.resolve("shell.log"))).isNotEqualTo(90);

        assertThat(exit(out, "first")).as(Files.readString(out.resolve("first.err"))).isZero();

        String full = Files.readString(out.resolve("full.err"));
        assertThat(exit(out, "full")).as(full).isEqualTo(Jdml.IO_ERROR);
        assertThat(full).contains("No space left on device").contains(runs.resolve("full/checkpoints").toString())
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Caused by");
        List<String> left = Files.readAllLines(out.resolve("after-full.ls"));
        assertThat(left).as("no temporary file left").noneMatch(name -> name.endsWith(".tmp"));
        assertThat(left).as("the first epoch's checkpoint is kept").anyMatch(name -> name.endsWith(".ckpt"));

        String freed = Files.readString(out.resolve("freed.err"));
        assertThat(exit(out, "freed")).as(freed).isZero();
        assertThat(freed).as("restoring a checkpoint prints no engine deprecation warning").doesNotContain("deprecated")
                .doesNotContain("CUDA");
        long newest = Files.readAllLines(out.resolve("after-freed.ls")).stream().filter(n -> n.endsWith(".ckpt"))
                .mapToLong(n -> CheckpointStore.iterationOf(Path.of(n))).max().orElse(-1);
        long first = left.stream().filter(n -> n.endsWith(".ckpt")).mapToLong(n -> CheckpointStore.iterationOf(Path.of(n)))
                .max().orElse(-1);
        assertThat(newest).as("the resume after freeing space trained the second epoch").isEqualTo(2 * first);
    }

    private static String set(String setting) {
        return " --set '" + setting + "'";
    }

    private static int exit(Path out, String step) throws IOException {
        return Integer.parseInt(Files.readString(out.resolve(step + ".exit")).trim());
    }

    private boolean namespacesWork() throws InterruptedException {
        try {
            Path probe = Files.createDirectories(dir.resolve("probe"));
            Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs '" + probe + "'")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
