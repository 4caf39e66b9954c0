package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.dicom.DicomDump;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomJson;
import dev.pulmo.dicom.DicomReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo dump}: lists a DICOM file's elements, or prints its dataset as DICOM JSON. */
@Command(name = "dump",
        header = "Show a DICOM file's elements (like dcmdump), or its dataset as DICOM JSON.",
        description = {"Reads a DICOM Part 10 file (or a bare dataset) and lists its File Meta and dataset elements "
                + "with tag, VR, value, length and keyword.",
                "With --json, prints the dataset without the File Meta group as one DICOM JSON object (PS3.18 F.2): "
                + "person names split into component groups, numbers as numbers, binary values as InlineBinary "
                + "(or BulkDataURI with --bulk-data-uri). Non-ASCII characters are \\u-escaped.",
                "A structurally broken file (a value longer than the file, a missing delimiter) is reported with its "
                + "byte offset and tag and exits 1."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the file was read", "1:the file is malformed (message on stderr)",
                "2:usage or I/O failure"})
final class DumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The DICOM file.")
    Path file;

    @Option(names = "--json", description = "Print the dataset as one DICOM JSON object.")
    boolean json;

    @Option(names = "--bulk-data-uri",
            description = "With --json: write binary values kept in the file as BulkDataURI instead of InlineBinary.")
    boolean bulkDataUri;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("pulmo dump: " + TerminalText.escape(file.toString()) + ": no such file");
            return ExitCodes.USAGE_OR_IO;
        }
        DicomFile dicom;
        try {
            dicom = DicomReader.create().read(file);
        } catch (DicomException e) {
            err.println("pulmo dump: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.FINDINGS;
        }
        try {
            if (json) {
                DicomJson.write(dicom.dataset(), out, bulkDataUri ? DicomJson.BulkDataMode.URI_WHEN_ON_DISK
                        : DicomJson.BulkDataMode.INLINE_BINARY, true);
                out.println();
            } else {
                DicomDump.write(dicom, out);
            }
        } catch (DicomException e) {
            err.println("pulmo dump: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.FINDINGS;
        }
        out.flush();
        return ExitCodes.OK;
    }
}
