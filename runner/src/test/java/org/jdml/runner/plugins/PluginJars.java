package org.jdml.runner.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars for tests: compiles sources against the test classpath and packs them with resources. */
final class PluginJars {

    private PluginJars() {}

    /**
     * @param sourceRoots folders of .java files (compiled together)
     * @param resourceRoots folders copied into the jar as they are
     * @param extraFiles more entries, jar path to content (generated sources go under "src:" prefixed paths)
     */
    static Path build(Path jar, List<Path> sourceRoots, List<Path> resourceRoots, Map<String, String> extraFiles)
            throws IOException {
        Path work = Files.createTempDirectory("plugin-build");
        Path sources = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> files = new ArrayList<>();
        for (Path root : sourceRoots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
            }
        }
        for (var entry : extraFiles.entrySet()) {
            if (entry.getKey().startsWith("src:")) {
                Path source = sources.resolve(entry.getKey().substring(4));
                Files.createDirectories(source.getParent());
                Files.writeString(source, entry.getValue());
                files.add(source.toString());
            } else {
                Path resource = classes.resolve(entry.getKey());
                Files.createDirectories(resource.getParent());
                Files.writeString(resource, entry.getValue());
            }
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-nowarn", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path")));
        arguments.addAll(files);
        int result = compiler.run(null, null, null, arguments.toArray(String[]::new));
        if (result != 0) {
            throw new IllegalStateException("compiling the plugin for " + jar.getFileName() + " failed");
        }
        for (Path root : resourceRoots) {
            copyTree(root, classes);
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
