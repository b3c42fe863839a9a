package org.jdml.report;

/**
 * Where a run folder keeps its report's retrieval section, and the style that section needs. The
 * runner writes the fragment (it has the model's rankings); the report includes it as it finds it,
 * so the report is made from the run folder's files alone.
 */
public final class RetrievalFragment {

    /** The folder, in the run folder, holding the fragment and its pictures. */
    public static final String FOLDER = "retrieval";
    /** The HTML fragment in {@link #FOLDER}. */
    public static final String FRAGMENT = "section.html";

    private RetrievalFragment() {}

    /** The section's style, for the page that includes it. */
    public static final String CSS = """
            .strips { display: flex; flex-direction: column; gap: 6px; }
            .strip { display: flex; gap: 4px; align-items: flex-start; overflow-x: auto; padding-bottom: 2px; }
            .strip figure { margin: 0; text-align: center; font-size: 0.72em; color: #444; width: 80px; flex: none; }
            .strip img { display: block; margin: 0 auto 2px; border: 4px solid transparent; image-rendering: pixelated;
                         background: #eee; box-sizing: content-box; }
            .strip figure.query { margin-right: 12px; }
            .strip figure.query img { border-color: #555; }
            .strip figure.hit img { border-color: #2ca02c; }
            .strip figure.miss img { border-color: #d62728; }
            .hit-key { color: #1e7b1e; font-weight: bold; } .miss-key { color: #b01c1c; font-weight: bold; }
            td.text { text-align: left; }
            """;
}
