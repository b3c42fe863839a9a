package org.jdml.runner.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The runner's packages depend on each other without cycles (docs/architecture.md): the JDK's
 * {@code jdeps} lists the package dependencies of the compiled classes, and every strongly
 * connected group of more than one package is reported with its edges.
 */
class PackageCyclesTest {

    private static final Pattern EDGE = Pattern.compile("^\\s*(org\\.jdml\\.runner[\\w.]*)\\s+->\\s+(org\\.jdml\\.runner[\\w.]*)\\s");

    @Test
    void theRunnersPackagesFormNoCycle() {
        Path classes = Path.of("target", "classes");
        assertThat(classes).isDirectory();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-e",
                "org\\.jdml\\.runner.*", classes.toString());
        assertThat(exit).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertThat(graph).as("jdeps found the runner's packages").containsKey("org.jdml.runner.train");
        List<Set<String>> cycles = new ArrayList<>();
        for (Set<String> group : stronglyConnected(graph)) {
            if (group.size() > 1) {
                cycles.add(group);
            }
        }
        assertThat(cycles).as("package cycles; edges: %s", graph).isEmpty();
    }

    /** Tarjan's algorithm over {@code graph}. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, graph, index, low, stack, onStack, groups);
            }
        }
        return groups;
    }

    private static void visit(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> groups) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, graph, index, low, stack, onStack, groups);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            groups.add(group);
        }
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(stronglyConnected(new TreeMap<>(graph))).contains(Set.of("a", "b", "c"));
        assertThat(Files.exists(Path.of("pom.xml"))).as("run from the runner module").isTrue();
    }
}
