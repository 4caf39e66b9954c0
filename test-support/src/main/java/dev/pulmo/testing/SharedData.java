package dev.pulmo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find {@code ../shared} (the guideline, the standard as data, the real DICOM corpus, the peers'
 * results): the folder next to the repository's root. One rule, used by every module's tests:
 * <ol>
 *   <li>the system property {@code pulmo.shared.dir}, which the root pom sets for Surefire to
 *       {@code ${maven.multiModuleProjectDirectory}/../shared};</li>
 *   <li>otherwise {@code ../shared} relative to the repository root, the first folder at or above the working
 *       directory whose {@code pom.xml} is the {@code pulmo-parent} (an IDE running one test).</li>
 * </ol>
 * Nothing else: no absolute fall-back path of one machine.
 */
public final class SharedData {
    /** The system property that names the shared folder. */
    public static final String PROPERTY = "pulmo.shared.dir";

    private SharedData() {
    }

    /** The shared folder. @throws IllegalStateException saying where it was looked for */
    public static Path dir() {
        String property = System.getProperty(PROPERTY);
        Path dir = property != null && !property.isBlank()
                ? Path.of(property)
                : repositoryRoot().resolve("..").resolve("shared");
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the shared test data folder " + dir + " does not exist"
                    + (property != null ? " (from -D" + PROPERTY + ")" : " (../shared next to the repository root)"));
        }
        return dir;
    }

    /** {@code ../shared/testdata/dicom}: real DICOM files from public toolkits and pydicom's reading of them. */
    public static Path dicomCorpus() {
        return dir().resolve("testdata/dicom");
    }

    /** A file or folder under the shared folder, e.g. {@code resolve("testdata/coco/coco-oracle.json")}. */
    public static Path resolve(String relative) {
        return dir().resolve(relative);
    }

    /** The repository root: the nearest folder at or above the working directory whose pom.xml is the pulmo-parent. */
    public static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRootPom(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no pulmo-parent pom.xml at or above " + Path.of("").toAbsolutePath());
    }

    /** The root pom declares pulmo-parent as its own artifactId; a module's pom names it only inside {@code <parent>}. */
    private static boolean isRootPom(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            String text = Files.readString(pom);
            int own = text.indexOf("<artifactId>pulmo-parent</artifactId>");
            int parentEnd = text.indexOf("</parent>");
            return own >= 0 && (parentEnd < 0 || own > parentEnd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }
}
