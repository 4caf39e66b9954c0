package dev.pulmo.clinical;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which header names a sheet may use for each {@link ClinicalField}, and which header names mark a column
 * that identifies a person (and must not be in a de-identified sheet, SPEC.md §8).
 *
 * <p>Headers are compared after {@link #normalize normalisation}: Unicode NFC, lower case, and without spaces,
 * underscores, hyphens, dots and a byte-order mark, so {@code 비식별 환자 ID}, {@code 비식별환자ID} and
 * {@code 비식별_환자_id} are the same header, as are {@code patient_id}, {@code Patient ID} and {@code PatientID}.
 * Matching is on the whole header, not a part of it.
 *
 * @param headers            accepted names per field; every field has at least one
 * @param identifyingHeaders names of columns that identify a person
 */
public record SheetColumns(Map<ClinicalField, List<String>> headers, List<String> identifyingHeaders) {

    private static final SheetColumns DEFAULTS = new SheetColumns(defaultHeaders(), List.of(
            // Korean
            "이름", "성명", "환자명", "환자이름", "환자성명", "수진자명", "등록번호", "환자등록번호", "병원ID", "병원등록번호",
            "병록번호", "차트번호", "챠트번호", "생년월일", "생일", "주민등록번호", "주민번호", "전화번호", "연락처", "휴대폰",
            "휴대전화", "핸드폰", "주소", "이메일",
            // English, and DICOM attribute names that leak into sheets
            "name", "patient_name", "full_name", "first_name", "last_name", "hospital_id", "chart_number", "chart_no",
            "MRN", "medical_record_number", "birth_date", "date_of_birth", "DOB", "birthday", "PatientBirthDate",
            "phone", "phone_number", "telephone", "mobile", "address", "email", "SSN", "resident_registration_number"));

    public SheetColumns {
        EnumMap<ClinicalField, List<String>> copy = new EnumMap<>(ClinicalField.class);
        for (ClinicalField f : ClinicalField.values()) {
            List<String> names = headers.get(f);
            if (names == null || names.isEmpty()) {
                throw new IllegalArgumentException("no header names for " + f);
            }
            copy.put(f, List.copyOf(names));
        }
        headers = java.util.Collections.unmodifiableMap(copy);
        identifyingHeaders = List.copyOf(identifyingHeaders);
    }

    /**
     * Korean and English names: patient id {@code 비식별환자ID}, {@code 비식별 환자 ID}, {@code 환자ID},
     * {@code 환자번호}, {@code patient_id}, {@code id}; age {@code 나이}, {@code 연령}, {@code age}; sex {@code 성별},
     * {@code sex}, {@code gender}; pathology {@code 병리결과}, {@code 병리 결과}, {@code 병리}, {@code pathology};
     * smoking {@code 흡연력}, {@code 흡연}, {@code 흡연여부}, {@code smoking}, {@code smoking_history}. Identifying
     * columns: names (이름, 성명, 환자명), hospital ids and chart numbers (등록번호, 병원ID, 차트번호, MRN), birth
     * dates (생년월일), resident registration numbers (주민등록번호), phone numbers (전화번호, 연락처), addresses
     * (주소), e-mail, and their English forms.
     */
    public static SheetColumns defaults() {
        return DEFAULTS;
    }

    private static Map<ClinicalField, List<String>> defaultHeaders() {
        EnumMap<ClinicalField, List<String>> m = new EnumMap<>(ClinicalField.class);
        m.put(ClinicalField.PATIENT_ID, List.of("비식별환자ID", "비식별ID", "환자ID", "환자번호", "patient_id", "id"));
        m.put(ClinicalField.AGE, List.of("나이", "연령", "age"));
        m.put(ClinicalField.SEX, List.of("성별", "sex", "gender"));
        m.put(ClinicalField.PATHOLOGY, List.of("병리결과", "병리", "조직검사결과", "pathology", "pathology_result"));
        m.put(ClinicalField.SMOKING, List.of("흡연력", "흡연", "흡연여부", "smoking", "smoking_history"));
        // not 검사일(자) or exam_date: extraction lists (ingest) hold the examination date in those, as Excel formats it
        m.put(ClinicalField.AGE_DATE, List.of("나이기준일", "age_date", "date_of_age"));
        return m;
    }

    /** A copy where {@code field} is recognised by {@code names} only. */
    public SheetColumns withHeaders(ClinicalField field, String... names) {
        EnumMap<ClinicalField, List<String>> m = new EnumMap<>(headers);
        m.put(field, List.of(names));
        return new SheetColumns(m, identifyingHeaders);
    }

    /** A copy that also treats {@code names} as identifying columns. */
    public SheetColumns withIdentifyingHeaders(String... names) {
        List<String> all = new ArrayList<>(identifyingHeaders);
        all.addAll(List.of(names));
        return new SheetColumns(headers, all);
    }

    /** The field whose names include {@code header} (after normalisation), if any. */
    public Optional<ClinicalField> fieldOf(String header) {
        String h = normalize(header);
        for (Map.Entry<ClinicalField, List<String>> e : headers.entrySet()) {
            if (e.getValue().stream().anyMatch(n -> normalize(n).equals(h))) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** True when {@code header} (after normalisation) names an identifying column. */
    public boolean isIdentifying(String header) {
        String h = normalize(header);
        return !h.isEmpty() && identifyingHeaders.stream().anyMatch(n -> normalize(n).equals(h));
    }

    /** The form headers are compared in: NFC, lower case, without spaces, {@code _ - .} and BOM. */
    public static String normalize(String header) {
        Objects.requireNonNull(header, "header");
        String nfc = Normalizer.normalize(header, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(nfc.length());
        nfc.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '_' && c != '-'
                && c != '.' && c != '\uFEFF').forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
