package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
    static final ModalityCatalog CATALOG = ModalityCatalog.of(
            ServiceLoader.load(ModalityPlugin.class).stream().map(ServiceLoader.Provider::get).toList());

    @TempDir
    Path dir;
    Path top;

    private void touch(String relative) throws Exception {
        Path p = top.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
    }

    @BeforeEach
    void tree() throws Exception {
        top = dir.resolve("lung_cancer");
        touch("chest-ct/malignant/P001/3/dcm/cct_P001_3_1.dcm");
        touch("chest-ct/malignant/P001/3/dcm/cct_P001_3_2.dcm");
        touch("chest-ct/malignant/P001/3/dcm/cct_P001_3_10.dcm");
        touch("chest-ct/malignant/P001/3/binary/cct_P001_3_2_1_binary.dcm");
        touch("chest-ct/malignant/P001/3/binary/cct_P001_3_2_5_binary.dcm");
        touch("chest-ct/malignant/P001/3/json/cct_P001_3_2.json");
        touch("x-ray/normal/P002/1/dcm/xry_P002_1_1.dcm");
        touch("pet-ct/malignant/P001/7/dcm/pct_P001_7_1.dcm");
        touch("pet-ct/malignant/P001/7/.DS_Store");
    }

    private List<SeriesFiles> scan(List<Finding> findings) {
        List<SeriesFiles> series = new ArrayList<>();
        findings.addAll(new DatasetScanner(DatasetLayout.of(dir, CATALOG)).scan(series::add));
        return series;
    }

    @Test
    void findsSeriesImagesAndTheirFilesInSequenceOrder() {
        List<Finding> findings = new ArrayList<>();
        List<SeriesFiles> series = scan(findings);
        assertThat(findings).isEmpty();
        assertThat(series).extracting(s -> s.key().toString())
                .containsExactly("CCT/malignant/P001/3", "PCT/malignant/P001/7", "XRY/normal/P002/1");
        SeriesFiles ct = series.get(0);
        assertThat(ct.images()).extracting(i -> i.key().seq()).containsExactly("1", "2", "10");
        ImageFiles second = ct.images().get(1);
        assertThat(second.masks()).containsOnlyKeys(1, 5);
        assertThat(second.json()).isEqualTo(top.resolve("chest-ct/malignant/P001/3/json/cct_P001_3_2.json"));
        assertThat(ct.images().get(0).hasMasks()).isFalse();
        assertThat(ct.images().get(0).jsonFile()).isEmpty();
        assertThat(series.get(2).key().caseClass()).isEqualTo(CaseClass.NORMAL);
    }

    @Test
    void theLayoutNamesTheFilesOfAnImage() {
        DatasetLayout layout = DatasetLayout.of(dir, CATALOG);
        ImageKey k = new ImageKey("CCT", CaseClass.MALIGNANT, "P001", "3", "2");
        assertThat(layout.dicomFile(k)).isEqualTo(top.resolve("chest-ct/malignant/P001/3/dcm/cct_P001_3_2.dcm"));
        assertThat(layout.maskFile(k, 5)).isEqualTo(top.resolve("chest-ct/malignant/P001/3/binary/cct_P001_3_2_5_binary.dcm"));
        assertThat(layout.jsonFile(k)).isEqualTo(top.resolve("chest-ct/malignant/P001/3/json/cct_P001_3_2.json"));
    }

    @Test
    void whatDoesNotFitTheLayoutIsAFindingNotACrash() throws Exception {
        touch("mri/benign/P003/1/dcm/mri_P003_1_1.dcm");
        touch("chest-ct/suspicious/P004/1/dcm/cct_P004_1_1.dcm");
        touch("chest-ct/benign/P005/1/dcm/cct_P005_1.dcm");
        touch("chest-ct/benign/P005/1/dcm/cct_P009_1_1.dcm");
        touch("chest-ct/benign/P005/1/binary/cct_P005_1_1_12_binary.dcm");
        touch("chest-ct/benign/P005/1/notes/readme.txt");
        touch("chest-ct/benign/P005/stray.txt");
        List<Finding> findings = new ArrayList<>();
        scan(findings);
        assertThat(findings).extracting(f -> f.code() + " " + top.relativize(Path.of(f.location().file())))
                .containsExactlyInAnyOrder(
                        "layout.unknown-modality-folder mri",
                        "layout.unknown-class chest-ct/suspicious",
                        "layout.bad-file-name chest-ct/benign/P005/1/dcm/cct_P005_1.dcm",
                        "layout.name-mismatch chest-ct/benign/P005/1/dcm/cct_P009_1_1.dcm",
                        "layout.mask-category-unknown chest-ct/benign/P005/1/binary/cct_P005_1_1_12_binary.dcm",
                        "layout.unexpected-folder chest-ct/benign/P005/1/notes",
                        "layout.unexpected-file chest-ct/benign/P005/stray.txt");
    }

    @Test
    void aFileNameThatIsNotUtf8IsReportedWithItsBytes() throws Exception {
        Path dcm = top.resolve("chest-ct/malignant/P001/3/dcm");
        // the shell writes the byte 0xFF itself: a Java string cannot name such a file
        Process p = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'cct_P001_3_4\\377.dcm')\"").directory(dcm.toFile()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0,
                "sh is not available");
        List<Finding> findings = new ArrayList<>();
        scan(findings);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("file.unrepresentable-name");
            assertThat(f.message()).contains("its bytes: cct_P001_3_4\\xFF.dcm").contains("cannot be represented");
        });
    }

    @Test
    void aMissingTreeIsOneFinding() {
        List<Finding> findings = new DatasetScanner(DatasetLayout.of(dir.resolve("nothing"), CATALOG)).scan(s -> { });
        assertThat(findings).extracting(Finding::code).containsExactly("layout.missing-root");
    }

    @Test
    void aFolderWithoutModalityFoldersIsOneFinding() throws Exception {
        Files.createDirectories(dir.resolve("elsewhere/notes"));
        Files.createDirectories(dir.resolve("elsewhere/chest_ct/malignant")); // a misnamed modality folder
        Files.writeString(dir.resolve("elsewhere/todo.txt"), "x");
        List<Finding> findings = new DatasetScanner(DatasetLayout.of(dir.resolve("elsewhere"), CATALOG)).scan(s -> { });
        // not one finding per entry: a wrong path (a home folder) would list everything in it
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("layout.empty");
            assertThat(f.message()).endsWith("it holds 2 folders ('chest_ct', 'notes') and 1 file");
        });
        Files.createDirectories(dir.resolve("bare"));
        assertThat(new DatasetScanner(DatasetLayout.of(dir.resolve("bare"), CATALOG)).scan(s -> { }))
                .singleElement().satisfies(f -> assertThat(f.message()).endsWith("it is empty"));
    }

    @Test
    void fileNamesParseFromTheGuidelinesForm() {
        assertThat(DatasetLayout.parse("xry_A12_1_3.dcm", "dcm", false))
                .contains(new DatasetLayout.ParsedName("xry", "A12", "1", "3", null));
        assertThat(DatasetLayout.parse("xry_A12_1_3_4_binary.dcm", "dcm", true))
                .contains(new DatasetLayout.ParsedName("xry", "A12", "1", "3", 4));
        assertThat(DatasetLayout.parse("xry_A12_1_3_x_binary.dcm", "dcm", true)).isEmpty();
        assertThat(DatasetLayout.parse("xry_A12__3.dcm", "dcm", false)).isEmpty();
        assertThat(DatasetLayout.parse("xry_A12_1_3.json", "dcm", false)).isEmpty();
    }
}
