package org.jdml.runner.retrieval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium for page checks: which images of a page failed to load (the page is opened in
 * an iframe of a small harness whose script inspects every {@code img} once the page has loaded),
 * and a screenshot.
 */
final class Browser {

    /** What the harness saw: the number of images and the sources of those that did not load. */
    record ImageCheck(int images, List<String> broken) {}

    private static final Pattern RESULT = Pattern.compile("IMAGES (\\d+) BROKEN (\\[.*?\\])END");

    private final Path executable;

    private Browser(Path executable) {
        this.executable = executable;
    }

    /** Chromium from PATH (Debian's {@code chromium}), if installed. */
    static Optional<Browser> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new Browser(candidate));
                }
            }
        }
        return Optional.empty();
    }

    ImageCheck checkImages(Path page, Path work) throws IOException, InterruptedException {
        Path harness = work.resolve("harness-" + page.getFileName() + ".html");
        String src = page.toUri().toString();
        Files.writeString(harness, """
                <!DOCTYPE html><html><body><pre id="result">pending</pre>
                <iframe id="page" src="%s" width="1100" height="900"></iframe>
                <script>
                document.getElementById('page').addEventListener('load', function () {
                  var images = Array.from(this.contentDocument.images);
                  var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                      .map(function (i) { return i.getAttribute('src'); });
                  document.getElementById('result').textContent =
                      'IMAGES ' + images.length + ' BROKEN ' + JSON.stringify(broken) + 'END';
                });
                </script></body></html>
                """.formatted(src), StandardCharsets.UTF_8);
        String dom = run(List.of("--allow-file-access-from-files", "--virtual-time-budget=15000", "--dump-dom",
                harness.toUri().toString()));
        Matcher m = RESULT.matcher(dom);
        if (!m.find()) {
            throw new IllegalStateException("The harness did not report on " + page + "; Chromium printed:\n" + dom);
        }
        List<String> broken = new ArrayList<>();
        Matcher item = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(2));
        while (item.find()) {
            broken.add(item.group(1));
        }
        return new ImageCheck(Integer.parseInt(m.group(1)), broken);
    }

    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--hide-scrollbars", "--virtual-time-budget=10000", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()));
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("Chromium wrote no screenshot of " + page);
        }
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir="
                        + Files.createTempDirectory("jdml-chromium")));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish in 120 s: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
