package org.jdml.runner.plugins;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jdml.api.config.JdmlConfigurationException;

/**
 * The runner's classpath plus every jar of a plugins folder. Each jar gets a class loader of its own
 * (a child of the runner's), so two plugins never see each other's classes: registries load each jar
 * through {@link #jarLoaders()}; this loader is the union that {@code ConfigFactory.defaultReference}
 * reads every {@code reference.conf} through.
 */
public final class PluginClassLoader extends ClassLoader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PluginClassLoader.class);

    private final List<URLClassLoader> jarLoaders;
    private final List<Path> jars;

    private PluginClassLoader(ClassLoader parent, List<Path> jars, List<URLClassLoader> jarLoaders) {
        super("jdml-plugins", parent);
        this.jars = List.copyOf(jars);
        this.jarLoaders = List.copyOf(jarLoaders);
    }

    /**
     * @param folder the plugins folder; a missing folder means "no plugins" unless {@code required}
     * @param required true when the user named the folder explicitly, so a typo is reported
     */
    public static PluginClassLoader of(Path folder, boolean required, ClassLoader parent) {
        if (!Files.isDirectory(folder)) {
            if (required) {
                throw new JdmlConfigurationException("The plugins folder " + folder.toAbsolutePath()
                        + " does not exist (set by --plugins or jdml.plugins.dir); create it or point to a folder of jars");
            }
            return new PluginClassLoader(parent, List.of(), List.of());
        }
        List<Path> entries;
        try (Stream<Path> files = Files.list(folder)) {
            entries = files.sorted().toList();
        } catch (IOException e) {
            throw new JdmlConfigurationException("Cannot list the plugins folder " + folder.toAbsolutePath() + ": " + org.jdml.api.data.DataException.reason(e));
        }
        List<Path> jars = entries.stream().filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
        List<String> ignored = entries.stream().filter(p -> !jars.contains(p)).map(p -> p.getFileName().toString())
                .toList();
        if (!ignored.isEmpty()) {
            LOG.warn("The plugins folder {} holds {} entr{} that {} not .jar files, ignored: {}", folder.toAbsolutePath(),
                    ignored.size(), ignored.size() == 1 ? "y" : "ies", ignored.size() == 1 ? "is" : "are", ignored);
        }
        List<String> unreadable = new ArrayList<>();
        for (Path jar : jars) {
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                file.entries(); // opening reads the central directory: random or empty bytes fail here
            } catch (IOException e) {
                unreadable.add("The plugin " + jar.toAbsolutePath() + " is not a readable jar (" + e.getMessage()
                        + "): replace it with the plugin's jar or remove it from the plugins folder");
            }
        }
        if (!unreadable.isEmpty()) {
            throw new JdmlConfigurationException(unreadable);
        }
        List<URLClassLoader> loaders = new ArrayList<>();
        for (Path jar : jars) {
            try {
                URL url = jar.toUri().toURL();
                loaders.add(new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {url}, parent));
            } catch (MalformedURLException e) {
                throw new JdmlConfigurationException("Cannot load plugin jar " + jar + ": " + e.getMessage());
            }
        }
        return new PluginClassLoader(parent, jars, loaders);
    }

    /** The plugin jars, in load order. */
    public List<Path> jars() {
        return jars;
    }

    /** One class loader per plugin jar, in {@link #jars()} order. */
    public List<ClassLoader> jarLoaders() {
        return List.copyOf(jarLoaders);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (URLClassLoader loader : jarLoaders) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException notThere) {
                // try the next jar
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (URLClassLoader loader : jarLoaders) {
            URL url = loader.findResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        // the parent's resources come through getResources(); add each jar's own, once
        Set<URL> urls = new LinkedHashSet<>();
        for (URLClassLoader loader : jarLoaders) {
            urls.addAll(Collections.list(loader.findResources(name)));
        }
        return Collections.enumeration(urls);
    }
}
