package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.api.io.FileTrees;
import dev.pulmo.api.io.TerminalText;
import dev.pulmo.dataset.deid.DeidCheck;
import dev.pulmo.dataset.deid.DeidReport;
import dev.pulmo.dataset.deid.DeidRunner;
import dev.pulmo.dataset.deid.PatientIdMap;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.IdentifierSearch;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo deid}: de-identify a dataset tree (SPEC.md §8), or check one for residual identifying data. */
@Command(name = "deid",
        header = "De-identify DICOM files and a dataset tree, or check a tree for identifying data.",
        description = {"pulmo deid IN OUT --map MAPFILE: writes a de-identified copy of IN into OUT with the DICOM "
                + "standard's Basic Application Level Confidentiality Profile (PS3.15 Annex E) and the options the "
                + "guideline needs (patient characteristics and device kept, dates shifted per patient, descriptors "
                + "cleaned; each can be turned off). UIDs are replaced consistently; private attributes are removed "
                + "unless --safe-private names them; burned-in text is blanked by --burned-in-rules. Patient ids are "
                + "replaced by managed ids of at most 7 characters, kept in MAPFILE with the project's secret key "
                + "(created on first use; keep it away from OUT). A tree in the guideline layout gets the new ids in "
                + "its folder and file names and JSON files; a plain folder keeps its paths. Sources are never "
                + "modified, outputs are written atomically, unreadable files are reported and skipped; OUT gets an "
                + "audit log (deid-audit.tsv).",
                "",
                "pulmo deid --check TREE [--map MAPFILE]: reports identifying information left in TREE as findings; "
                + "with --map, also every hospital id, name and birth date the mapping de-identified wherever it "
                + "appears (any string at any depth of DICOM, private values, JSON, other files). Findings name the "
                + "patient's new id and the kind of identifier, never the identifier.",
                "",
                "Unreadable folders and files are reported and skipped; a read-only mapping file is refused before "
                + "anything is written."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every file de-identified / nothing found", "1:files skipped / identifying data found",
                "2:usage or I/O failure"})
final class DeidCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "IN OUT", description = "Source tree (or folder of DICOM files) and output folder.")
    List<Path> folders = new ArrayList<>();

    @Option(names = "--check", paramLabel = "<tree>", description = "Check this tree instead of de-identifying.")
    Path check;

    @Option(names = "--map", paramLabel = "<mapfile>", description = "Patient id mapping and secret key (JSON; created when missing).")
    Path map;

    @Mixin
    DeidProfileOptions profile;

    @Mixin
    ThreadsOption threads;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeidOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("pulmo deid: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
        if (check != null) {
            if (!folders.isEmpty()) {
                err.println("pulmo deid: --check takes one tree (and --map); IN and OUT are for de-identifying");
                return ExitCodes.USAGE_OR_IO;
            }
            if (!Files.isDirectory(check)) {
                err.println("pulmo deid: " + TerminalText.escape(check.toString()) + ": no such folder");
                return ExitCodes.USAGE_OR_IO;
            }
            DeidCheck deidCheck = new DeidCheck(options);
            if (map != null) {
                try {
                    deidCheck = deidCheck.withIdentifiers(IdentifierSearch.of(PatientIdMap.open(map).identifiers()));
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    err.println("pulmo deid: " + TerminalText.escape(e.getMessage()));
                    return ExitCodes.USAGE_OR_IO;
                }
            }
            List<Finding> findings = deidCheck.check(check);
            FindingsReport.print(findings, countFiles(check), format.findings(), out);
            return FindingsReport.exitCode(findings);
        }
        if (folders.size() != 2 || map == null) {
            err.println("pulmo deid: give IN OUT --map MAPFILE, or --check TREE");
            return ExitCodes.USAGE_OR_IO;
        }
        int workers = threads.count(); // a usage error before the mapping file is created
        try {
            DeidRunner.checkPaths(folders.get(0), folders.get(1), map); // before the mapping file is created
            PatientIdMap ids = PatientIdMap.openOrCreate(map, profile.idPrefix());
            Progress progress = new Progress(err, "deid", "files", Progress.files(folders.get(0)));
            DeidReport report = new DeidRunner(options, ids, workers).run(folders.get(0), folders.get(1), o -> progress.step(o.written()));
            progress.finish();
            if (format.findings() == FindingsReport.Format.text) {
                out.printf("%s -> %s: %d files: %d written, %d skipped; %d new patients (%d in %s); audit log %s%n",
                        folders.get(0), folders.get(1), report.files().size(), report.written(), report.skipped(),
                        report.newPatients(), ids.size(), map, report.auditLog());
            }
            FindingsReport.print(report.findings(), report.files().size(), format.findings(), out);
            return report.skipped() > 0 || FindingsReport.exitCode(report.findings()) != ExitCodes.OK
                    ? ExitCodes.FINDINGS : ExitCodes.OK;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("pulmo deid: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
    }

    private DeidOptions options() {
        return profile.options();
    }

    private static int countFiles(Path tree) {
        return FileTrees.regularFiles(tree, p -> true).files().size();
    }
}
