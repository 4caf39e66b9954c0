package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The scanner's layout rules over a listing that is not the local file system: a tree held in a map (no file exists on
 * disk), so what the scanner finds can only come from the listing it was given.
 */
class TreeListingTest {

    /** A tree of paths → kinds; a folder's entries are the paths one level below it. */
    static final class MapListing implements TreeListing {
        final Map<Path, Kind> kinds = new TreeMap<>();
        final List<Path> listed = new ArrayList<>();
        Path failing;

        MapListing add(String path, Kind kind) {
            Path p = Path.of(path);
            kinds.put(p, kind);
            for (Path parent = p.getParent(); parent != null; parent = parent.getParent()) {
                kinds.putIfAbsent(parent, Kind.DIRECTORY);
            }
            return this;
        }

        @Override
        public List<Entry> list(Path folder) throws IOException {
            listed.add(folder);
            if (folder.equals(failing)) {
                throw new IOException("permission denied");
            }
            // reversed on purpose: the scanner must order entries itself
            List<Entry> entries = new ArrayList<>();
            kinds.forEach((p, k) -> {
                if (folder.equals(p.getParent())) {
                    entries.add(0, new Entry(p, k));
                }
            });
            return entries;
        }

        @Override
        public Kind kind(Path path) {
            return kinds.getOrDefault(path, Kind.MISSING);
        }
    }

    private static final String SERIES = "/v/lung_cancer/chest-ct/malignant/P001/3";

    private static MapListing tree() {
        return new MapListing()
                .add(SERIES + "/dcm/cct_P001_3_10.dcm", TreeListing.Kind.FILE)
                .add(SERIES + "/dcm/cct_P001_3_2.dcm", TreeListing.Kind.FILE)
                .add(SERIES + "/binary/cct_P001_3_2_1_binary.dcm", TreeListing.Kind.FILE)
                .add(SERIES + "/json/cct_P001_3_2.json", TreeListing.Kind.FILE)
                .add(SERIES + "/json/.cct_P001_3_2.json.4242.k3j.tmp", TreeListing.Kind.FILE)
                .add("/v/lung_cancer/x-ray/normal/P002/1/dcm/xry_P002_1_1.dcm", TreeListing.Kind.OTHER);
    }

    private static List<SeriesFiles> scan(MapListing listing, boolean leftovers, List<Finding> findings) {
        DatasetLayout layout = DatasetLayout.of(Path.of("/v"), DatasetScannerTest.CATALOG, listing);
        List<SeriesFiles> series = new ArrayList<>();
        new DatasetScanner(layout, leftovers, listing).scan(series::add, findings::add);
        return series;
    }

    @Test
    void theLayoutRulesRunOnWhatTheListingSays() {
        MapListing listing = tree();
        List<Finding> findings = new ArrayList<>();
        List<SeriesFiles> series = scan(listing, true, findings);

        assertThat(series).extracting(s -> s.key().toString()).containsExactly("CCT/malignant/P001/3", "XRY/normal/P002/1");
        SeriesFiles ct = series.get(0);
        assertThat(ct.folder()).isEqualTo(Path.of(SERIES));
        assertThat(ct.images()).extracting(i -> i.key().seq()).containsExactly("2", "10");
        assertThat(ct.images().get(0).masks()).containsOnlyKeys(1);
        assertThat(ct.images().get(0).json()).isEqualTo(Path.of(SERIES + "/json/cct_P001_3_2.json"));
        assertThat(series.get(1).images()).isEmpty();
        assertThat(findings).extracting(f -> f.code() + " " + f.location().file()).containsExactly(
                "layout.leftover-temporary-file " + SERIES + "/json/.cct_P001_3_2.json.4242.k3j.tmp",
                "layout.not-a-regular-file /v/lung_cancer/x-ray/normal/P002/1/dcm/xry_P002_1_1.dcm");
        // each folder listed once, the leftover report included
        assertThat(listing.listed).doesNotHaveDuplicates();
    }

    @Test
    void aFolderThatCannotBeListedIsAFindingAndTheRestIsScanned() {
        MapListing listing = tree();
        listing.failing = Path.of(SERIES + "/dcm");
        List<Finding> findings = new ArrayList<>();
        List<SeriesFiles> series = scan(listing, false, findings);

        assertThat(findings).extracting(f -> f.code() + " " + f.location().file()).containsExactly(
                "layout.unreadable " + SERIES + "/dcm",
                "layout.not-a-regular-file /v/lung_cancer/x-ray/normal/P002/1/dcm/xry_P002_1_1.dcm");
        assertThat(findings.get(0).message()).isEqualTo("cannot list the folder: permission denied");
        assertThat(series.get(0).images()).extracting(i -> i.key().seq() + " " + (i.dicom() != null)).containsExactly("2 false");
    }

    @Test
    void aRootThatIsNoFolderIsMissing() {
        List<Finding> findings = new ArrayList<>();
        scan(new MapListing().add("/w/lung_cancer", TreeListing.Kind.DIRECTORY), false, findings);
        assertThat(findings).extracting(Finding::code).containsExactly("layout.missing-root");
    }
}
