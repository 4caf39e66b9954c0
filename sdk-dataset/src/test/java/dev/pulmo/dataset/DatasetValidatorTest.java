package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first check on a converted demo tree, then on the same tree with one fault at a time. */
class DatasetValidatorTest {
    @TempDir
    Path dir;
    DatasetLayout layout;
    DemoDataset.Result demo;

    @BeforeEach
    void tree() {
        layout = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        demo = DemoDataset.generate(layout, 3, new DemoDataset.Size(2, 3, 3));
        assertThat(Runs.convert(layout, false, new java.util.HashMap<>()).summary().errors()).isZero();
    }

    private List<String> problems() {
        return Runs.validate(layout).findings().stream().filter(f -> f.severity() != Severity.INFO)
                .map(f -> f.code() + " " + relative(f)).toList();
    }

    private String relative(Finding f) {
        Path p = Path.of(f.location().file());
        return p.startsWith(layout.root()) ? layout.root().relativize(p).toString() : p.toString();
    }

    private DemoDataset.Lesion lesionOf(String modality) {
        return demo.lesions().stream().filter(l -> l.image().modality().equals(modality)).findFirst().orElseThrow();
    }

    private String rel(Path p) {
        return layout.root().relativize(p).toString();
    }

    @Test
    void theConvertedDemoPassesAndValidationModifiesNothing() throws Exception {
        Map<String, String> before = Runs.hashes(dir);
        Runs.Validated v = Runs.validate(layout);
        DatasetValidator.Report r = v.report();
        assertThat(v.findings().stream().filter(f -> f.severity() != Severity.INFO).toList()).isEmpty();
        assertThat(r.images()).isEqualTo(demo.images());
        assertThat(r.masks()).isEqualTo(demo.masks());
        assertThat(r.jsonFiles()).isEqualTo(demo.lesions().stream().map(DemoDataset.Lesion::image).distinct().count());
        assertThat(Runs.hashes(dir)).isEqualTo(before);
    }

    @Test
    void pairingFaults() throws Exception {
        DemoDataset.Lesion ct = lesionOf("CCT");
        Files.delete(layout.jsonFile(ct.image()));
        DemoDataset.Lesion xr = lesionOf("XRY");
        Files.delete(layout.dicomFile(xr.image()));
        ImageKey normal = new ImageKey("CCT", CaseClass.NORMAL, "D0005", "2", "1");
        Path normalJson = layout.jsonFile(new ImageKey("CCT", CaseClass.NORMAL, normalImage().patientId(), normalImage().series(), normalImage().seq()));
        Files.createDirectories(normalJson.getParent());
        Files.copy(layout.jsonFile(lesionOf("PCT").image()), normalJson);
        assertThat(normal).isNotNull();
        List<String> p = problems();
        assertThat(p).contains("pairing.json-missing " + rel(layout.dicomFile(ct.image())));
        assertThat(p).contains("image.missing " + rel(layout.jsonFile(xr.image())));
        assertThat(p).contains("image.missing " + rel(layout.maskFile(xr.image(), xr.categoryId())));
        assertThat(p).contains("pairing.normal-annotated " + rel(normalJson));
    }

    private ImageKey normalImage() throws Exception {
        try (Stream<Path> s = Files.walk(layout.root().resolve("chest-ct/normal"))) {
            Path dcm = s.filter(x -> x.toString().endsWith(".dcm")).findFirst().orElseThrow();
            DatasetLayout.ParsedName n = DatasetLayout.parse(dcm.getFileName().toString(), "dcm", false).orElseThrow();
            return new ImageKey("CCT", CaseClass.NORMAL, n.patientId(), n.series(), n.seq());
        }
    }

    @Test
    void contentFaults() throws Exception {
        // a JSON box moved 3 px away from its mask
        DemoDataset.Lesion pet = lesionOf("PCT");
        Path petJson = layout.jsonFile(pet.image());
        String x1 = String.valueOf(pet.bbox().x1());
        String text = Files.readString(petJson);
        Files.writeString(petJson, text.replaceFirst("\"bbox\": \\[" + java.util.regex.Pattern.quote(x1),
                "\"bbox\": [" + (pet.bbox().x1() - 3)).replaceFirst("\"segmentation\": \\[" + java.util.regex.Pattern.quote(x1),
                "\"segmentation\": [" + (pet.bbox().x1() - 3)));
        // corrupt JSON
        DemoDataset.Lesion xr = lesionOf("XRY");
        Files.writeString(layout.jsonFile(xr.image()), "{\"info\": ");
        // a header with the patient's name and another patient id
        DemoDataset.Lesion ct = lesionOf("CCT");
        Path dcm = layout.dicomFile(ct.image());
        DicomDataset ds = DicomReader.create().read(dcm).dataset().toBuilder()
                .putString(Tag.PatientName, VR.PN, "HONG^GILDONG").putString(Tag.PatientID, VR.LO, "12345678").build();
        DicomWriter.write(dcm, ds, TransferSyntax.of(UID.ExplicitVRLittleEndian));
        List<String> p = problems();
        assertThat(p).contains("annotation.missing " + rel(petJson), "annotation.without-lesion " + rel(petJson));
        assertThat(p).anyMatch(s -> s.equals("json.malformed " + rel(layout.jsonFile(xr.image()))));
        assertThat(p).contains("image.patient-id " + rel(dcm));
        assertThat(p.stream().filter(s -> s.startsWith("deid.residue") && s.endsWith(rel(dcm))).count()).isPositive();
        Map<String, Long> byCode = p.stream().collect(Collectors.groupingBy(s -> s.split(" ")[0], Collectors.counting()));
        assertThat(byCode.keySet()).allMatch(c -> c.startsWith("annotation.") || c.startsWith("image.") || c.startsWith("json.")
                || c.startsWith("deid.") || c.startsWith("mask."));
    }
}
