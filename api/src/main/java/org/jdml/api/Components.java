package org.jdml.api;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.regex.Pattern;

/** Small facts about component classes: their jar, their version, the name rule. */
@Experimental("helpers for hosts and messages")
public final class Components {

    /** Component names: lowercase kebab-case, usable as HOCON keys without quotes. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private Components() {}

    /** True when {@code name} is a legal component name and not a reserved word. */
    public static boolean isValidName(String name) {
        return name != null
                && NAME.matcher(name).matches()
                && !name.equals("name")
                && !name.equals(ComponentKind.NONE);
    }

    /** The jar (file name) or class folder a class was loaded from, for messages and reports. */
    public static String locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown location";
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return path.toString().endsWith(".jar") ? path.getFileName().toString() : path.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }

    /** The Implementation-Version of a class's jar manifest, or "DEVELOPMENT" outside a jar. */
    public static String versionOf(Class<?> type) {
        Package p = type.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "DEVELOPMENT" : version;
    }
}
