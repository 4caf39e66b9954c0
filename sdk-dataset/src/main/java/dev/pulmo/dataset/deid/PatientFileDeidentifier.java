package dev.pulmo.dataset.deid;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.deid.DeidException;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.DeidResult;
import dev.pulmo.dicom.deid.Deidentifier;
import dev.pulmo.dicom.deid.IdentifierSearch;
import dev.pulmo.dicom.deid.PatientPseudonym;
import java.util.ArrayList;
import java.util.List;

/**
 * De-identifies one DICOM file of a known patient with a project's {@link PatientIdMap} (SPEC.md §8): the patient's
 * managed id and date shift from the map's key, the names, birth date and other ids the header gives the patient
 * remembered in the map (so that {@code deid --check --map} searches outputs for them), and those and the hospital
 * id cut out of kept text. The one per-file step of {@link DeidRunner} and {@code ingest}. Thread-safe.
 */
public final class PatientFileDeidentifier {
    private final PatientIdMap map;
    private final Deidentifier deidentifier;
    /** Date shift by hospital id: as many entries as patients. */
    private final java.util.Map<String, Integer> dateShifts = new java.util.concurrent.ConcurrentHashMap<>();

    public PatientFileDeidentifier(DeidOptions options, PatientIdMap map) {
        this.map = map;
        this.deidentifier = new Deidentifier(options, map.key().uidNamespace());
    }

    /** The de-identifier, with the map's UID namespace. */
    public Deidentifier deidentifier() {
        return deidentifier;
    }

    /**
     * @param dicom      the file, read with its Pixel Data
     * @param hospitalId the patient's original id (the map gives its managed id)
     * @return the de-identified dataset and how to write it
     * @throws DeidException as {@link Deidentifier#deidentify}
     */
    public DeidResult deidentify(DicomFile dicom, String hospitalId) {
        String newId = map.newIdFor(hospitalId);
        rememberIdentifiers(dicom.dataset(), newId);
        return deidentifier.deidentify(dicom, pseudonym(hospitalId, newId));
    }

    /** The patient's pseudonym: managed id, date shift, and every identifier known of the patient. */
    PatientPseudonym pseudonym(String hospitalId, String newId) {
        // the shift is an HMAC of the id: computed once per patient, not per file
        int shift = dateShifts.computeIfAbsent(hospitalId, id -> map.key().dateShiftDays(id));
        return new PatientPseudonym(newId, shift, knownIdentifiers(hospitalId, newId));
    }

    /** The original id and what the mapping remembers of the patient: cut out of kept text. */
    List<String> knownIdentifiers(String originalId, String newId) {
        List<String> known = new ArrayList<>(map.identifiersOf(newId));
        known.add(originalId);
        return known;
    }

    /** Names, birth date and other ids the header gives the patient, for the mapping (deid --check searches them). */
    void rememberIdentifiers(DicomDataset source, String newId) {
        List<String> names = new ArrayList<>();
        for (int tag : new int[] {Tag.PatientName, Tag.OtherPatientNames, Tag.PatientBirthName, Tag.PatientMotherBirthName}) {
            for (String name : source.getStrings(tag)) {
                // each component group (alphabetic, ideographic, phonetic) as a whole name, and its components
                for (String group : name.split("=")) {
                    names.add(String.join(" ", group.split("\\^")).strip());
                    names.addAll(List.of(group.split("\\^")));
                }
            }
        }
        map.rememberIdentifiers(newId, IdentifierSearch.Kind.NAME, names);
        map.rememberIdentifiers(newId, IdentifierSearch.Kind.BIRTH_DATE, source.getStrings(Tag.PatientBirthDate));
        List<String> ids = new ArrayList<>(source.getStrings(Tag.PatientID));
        ids.addAll(source.getStrings(Tag.OtherPatientIDs));
        for (DicomDataset item : source.getSequence(Tag.OtherPatientIDsSequence)) {
            ids.addAll(item.getStrings(Tag.PatientID));
        }
        map.rememberIdentifiers(newId, IdentifierSearch.Kind.HOSPITAL_ID, ids);
    }
}
