package dev.pulmo.dataset.ingest;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.clinical.ClinicalField;
import dev.pulmo.clinical.ClinicalRecord;
import dev.pulmo.clinical.ClinicalSheet;
import dev.pulmo.clinical.ClinicalSheetReader;
import dev.pulmo.clinical.SheetColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the extraction list of {@code ingest} (SPEC.md §7 "extraction list ... checked twice"): a CSV or Excel sheet
 * with one row per patient and modality, read by the clinical sheet's reader ({@link ClinicalSheetReader}, so the same
 * formats, limits, Korean or English headers and cell locations), where the id column is the hospital id:
 * <ul>
 *   <li>hospital id: {@code hospital_id}, {@code 병원ID}, {@code 등록번호}, {@code 환자등록번호}, {@code 병록번호},
 *   {@code 차트번호}, {@code MRN}</li>
 *   <li>class: {@code class}, {@code 분류}, {@code 구분}, {@code 클래스}; values {@code benign}/{@code malignant}/
 *   {@code normal} or {@code 양성}/{@code 악성}/{@code 정상}</li>
 *   <li>modality: {@code modality}, {@code 모달리티}, {@code 검사종류}; a plugin's code ({@code XRY}, {@code CCT},
 *   {@code PCT}) or folder ({@code chest-ct})</li>
 *   <li>the clinical columns as the clinical sheet names them (age, sex, pathology, smoking)</li>
 *   <li>optional: study date ({@code study_date}, {@code 검사일}, {@code 검사일자}, {@code 촬영일}; {@code yyyyMMdd}, {@code yyyy-MM-dd}
 *   or an Excel date) and accession number ({@code accession_number}, {@code accession}, {@code 접수번호},
 *   {@code 검사번호}) to pick the study</li>
 * </ul>
 * Faults are findings at the cell ({@value #INVALID}, {@value #DUPLICATE}, {@value #COLUMN_MISSING}, and the clinical
 * reader's); a faulty row is skipped. No finding's message holds a hospital id: the reader's messages that quote one
 * have it replaced by {@code (hospital id)}.
 */
public final class IngestCases {
    public static final String INVALID = "ingest.case-invalid";
    public static final String DUPLICATE = "ingest.case-duplicate";
    public static final String COLUMN_MISSING = "ingest.cases-column-missing";

    private static final List<String> CLASS_HEADERS = List.of("class", "case_class", "분류", "구분", "클래스");
    private static final List<String> MODALITY_HEADERS = List.of("modality", "모달리티", "검사종류", "영상종류");
    private static final List<String> STUDY_DATE_HEADERS = List.of("study_date", "검사일", "검사일자", "촬영일", "촬영일자");
    private static final List<String> ACCESSION_HEADERS = List.of("accession_number", "accession", "접수번호", "검사번호");
    private static final SheetColumns COLUMNS = SheetColumns.defaults().withHeaders(ClinicalField.PATIENT_ID,
            "hospital_id", "병원ID", "병원환자ID", "등록번호", "환자등록번호", "병록번호", "차트번호", "MRN");

    /** The cases read, and what was wrong with the list. */
    public record Result(List<IngestCase> cases, List<Finding> findings) {
        public Result {
            cases = List.copyOf(cases);
            findings = List.copyOf(findings);
        }
    }

    private IngestCases() {
    }

    /**
     * @throws dev.pulmo.clinical.ClinicalSheetException naming the file when it is not a readable sheet
     * @throws java.io.UncheckedIOException             when it cannot be read
     */
    public static Result read(Path file, ModalityCatalog catalog) {
        ClinicalSheet sheet = ClinicalSheetReader.withDefaults().columns(COLUMNS).read(file);
        List<Finding> findings = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        sheet.records().forEach(r -> ids.add(r.patientId()));
        for (Finding f : sheet.findings()) {
            if (f.code().equals("clinical.patient-id-too-long")) {
                continue; // hospital ids are not the dataset's 7-character ids
            }
            String message = f.message();
            for (String id : ids) {
                // the reader quotes ids as "patient id 'X'" and "of patient X "
                message = message.replace("'" + id + "'", "(hospital id)").replace("of patient " + id + " ",
                        "of patient (hospital id) ");
            }
            findings.add(new Finding(f.severity(), f.code(), f.location(), message));
        }
        int classColumn = column(sheet, CLASS_HEADERS);
        int modalityColumn = column(sheet, MODALITY_HEADERS);
        int dateColumn = column(sheet, STUDY_DATE_HEADERS);
        int accessionColumn = column(sheet, ACCESSION_HEADERS);
        if (classColumn < 0 || modalityColumn < 0) {
            findings.add(Finding.error(COLUMN_MISSING, sheet.cell(sheet.headerRow(), 0), "the extraction list needs a "
                    + (classColumn < 0 ? "class column (one of " + CLASS_HEADERS + ")" : "")
                    + (classColumn < 0 && modalityColumn < 0 ? " and a " : "")
                    + (modalityColumn < 0 ? "modality column (one of " + MODALITY_HEADERS + ")" : "")));
            return new Result(List.of(), findings);
        }
        List<IngestCase> cases = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ClinicalRecord r : sheet.records()) {
            int row = r.rowNumber();
            Location where = sheet.cell(row, sheet.fieldColumns().get(ClinicalField.PATIENT_ID));
            String classCell = cell(sheet, r, classColumn);
            Optional<CaseClass> caseClass = caseClass(classCell);
            if (caseClass.isEmpty()) {
                findings.add(Finding.error(INVALID, sheet.cell(row, classColumn), "class '" + classCell
                        + "' is not benign, malignant or normal (양성, 악성, 정상); the row is skipped"));
                continue;
            }
            String modalityCell = cell(sheet, r, modalityColumn);
            Optional<ModalityPlugin> plugin = catalog.find(modalityCell.toUpperCase(Locale.ROOT))
                    .or(() -> catalog.findByFolder(modalityCell.toLowerCase(Locale.ROOT)));
            if (plugin.isEmpty()) {
                findings.add(Finding.error(INVALID, sheet.cell(row, modalityColumn), "modality '" + modalityCell
                        + "' is not one of the loaded modalities " + catalog.all().stream().map(p -> p.modality().code()).toList()
                        + "; the row is skipped"));
                continue;
            }
            Optional<String> studyDate = Optional.empty();
            String dateCell = cell(sheet, r, dateColumn);
            if (!dateCell.isEmpty()) {
                String digits = studyDate(dateCell);
                if (!digits.matches("(19|20)\\d{6}")) {
                    findings.add(Finding.error(INVALID, sheet.cell(row, dateColumn), "study date '" + dateCell
                            + "' is not a date yyyyMMdd or yyyy-MM-dd; the row is skipped"));
                    continue;
                }
                studyDate = Optional.of(digits);
            }
            String accession = cell(sheet, r, accessionColumn);
            String code = plugin.get().modality().code();
            if (!seen.add(code + "\u0000" + r.patientId() + "\u0000" + studyDate.orElse("") + "\u0000" + accession)) {
                findings.add(Finding.error(DUPLICATE, where, "a second row for the same patient and modality " + code
                        + "; the row is skipped"));
                continue;
            }
            cases.add(new IngestCase(where, r.patientId(), caseClass.get(), code, r.ageYears(), r.sex(), r.pathology(),
                    r.smoking(), studyDate, accession.isEmpty() ? Optional.empty() : Optional.of(accession)));
        }
        return new Result(cases, findings);
    }

    /**
     * {@code yyyyMMdd} of {@code yyyyMMdd}, {@code yyyy-MM-dd} (or with {@code .} or {@code /}), or {@code M/d/yy}, the
     * form in which the sheet reader gives an Excel date cell of the default short-date format (years 2000-2099).
     */
    static String studyDate(String cell) {
        java.util.regex.Matcher excel = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2})").matcher(cell.strip());
        if (excel.matches()) {
            return String.format(Locale.ROOT, "20%s%02d%02d", excel.group(3), Integer.parseInt(excel.group(1)),
                    Integer.parseInt(excel.group(2)));
        }
        return cell.replaceAll("[-./ ]", "");
    }

    private static int column(ClinicalSheet sheet, List<String> names) {
        List<String> headers = sheet.headers();
        for (int c = 0; c < headers.size(); c++) {
            String h = SheetColumns.normalize(headers.get(c));
            if (names.stream().anyMatch(n -> SheetColumns.normalize(n).equals(h))) {
                return c;
            }
        }
        return -1;
    }

    private static String cell(ClinicalSheet sheet, ClinicalRecord r, int column) {
        if (column < 0) {
            return "";
        }
        return r.values().getOrDefault(sheet.headers().get(column), "").strip();
    }

    private static Optional<CaseClass> caseClass(String cell) {
        return switch (cell.strip().toLowerCase(Locale.ROOT)) {
            case "benign", "양성" -> Optional.of(CaseClass.BENIGN);
            case "malignant", "악성" -> Optional.of(CaseClass.MALIGNANT);
            case "normal", "정상" -> Optional.of(CaseClass.NORMAL);
            default -> Optional.empty();
        };
    }

    static Map<String, List<IngestCase>> byHospitalId(List<IngestCase> cases) {
        Map<String, List<IngestCase>> map = new java.util.LinkedHashMap<>();
        for (IngestCase c : cases) {
            map.computeIfAbsent(c.hospitalId(), k -> new ArrayList<>()).add(c);
        }
        return map;
    }
}
