package dev.pulmo.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dataset.deid.PatientIdMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exclusion report's CSV: values from the sources that a spreadsheet would run as formulas are neutralised. */
class IngestReportTest {

    @Test
    void formulasFromTheSourcesAreNeutralisedInTheCsv(@TempDir Path dir) throws Exception {
        IngestCase theCase = new IngestCase(Location.of("cases.csv", "A2"), "H1", CaseClass.BENIGN, "CCT", OptionalInt.of(50),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        // a DICOM Modality value and a source folder name are data: either may begin like a formula
        Finding reason = Finding.warning(IngestPlanner.NOT_ROUTED, Location.ofFile("@export/s1"), "-1+cmd|' /C calc'!A0");
        IngestPlan.LeftOut leftOut = new IngestPlan.LeftOut("@export/s1", "=HYPERLINK(\"http://x\",\"y\")", 3,
                Optional.of(theCase), List.of(reason));
        IngestPlan plan = new IngestPlan(List.of(), List.of(leftOut), List.of(), List.of(reason), 3);
        PatientIdMap map = PatientIdMap.openOrCreate(dir.resolve("map.json"), "P");
        IngestReport.write(dir.resolve("report"), plan, List.of(), map);
        List<String> lines = Files.readAllLines(dir.resolve("report/exclusions.csv"), StandardCharsets.UTF_8);
        assertThat(lines).containsExactly("kind,source,modality,files,case,patient,code,reason",
                "series,'@export/s1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",3,cases.csv A2,,ingest.not-routed,"
                        + "'-1+cmd|' /C calc'!A0");
    }
}
