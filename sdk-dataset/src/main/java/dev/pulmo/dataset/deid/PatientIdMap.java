package dev.pulmo.dataset.deid;

import dev.pulmo.api.io.FileErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.dicom.deid.DeidKey;
import dev.pulmo.dicom.deid.IdentifierSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The patient id mapping of a de-identification project (SPEC.md §7 "mapping table from hospital id to new id",
 * §8): original id → new id, plus the project's secret {@link DeidKey}. It lives in one JSON file,
 * <pre>{"format": "pulmo-deid-map/1", "key": "&lt;base64&gt;", "prefix": "P", "patients": {"&lt;original&gt;": "&lt;new&gt;", ...},
 *  "identifiers": {"&lt;new&gt;": {"names": [...], "birthDates": [...], "ids": [...]}}}</pre>
 * that must be kept apart from the de-identified data: with it, anyone can re-identify the patients. Besides the
 * hospital ids it keeps the names, birth dates and other ids the source headers gave each patient
 * ({@link #rememberIdentifiers}), so that {@code deid --check} can search an output for them and later runs can cut
 * them out of free text; the file was already a re-identification key, and these make it no more of one than the
 * hospital ids do. Files without {@code identifiers} (earlier runs) are read as having none. It is created
 * with a fresh key on first use and rewritten atomically after every {@value #SAVE_EVERY} new patients and on
 * {@link #flush()} (rewriting it for every patient would cost time quadratic in the number of patients). A run that
 * stops before a flush loses at most the last few entries, and a re-run with the same file derives the same new
 * ids for them again from the key (only an id that had to be re-derived after a collision could differ).
 *
 * <p>New ids have at most 7 characters (SPEC.md §3): the prefix (1-3 upper-case letters, default {@code P})
 * followed by base-36 characters derived from the key and the original id, re-derived until no other patient has
 * that id. So ids reveal neither the original id nor the order in which patients were seen. Thread-safe.
 */
public final class PatientIdMap {

    /** The guideline's limit on the length of a patient id (SPEC.md §3). */
    public static final int MAX_ID_LENGTH = 7;
    /** New patients between two automatic saves. */
    public static final int SAVE_EVERY = 64;
    private static final String FORMAT = "pulmo-deid-map/1";
    private static final Pattern PREFIX = Pattern.compile("[A-Z]{1,3}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final DeidKey key;
    private final String prefix;
    private final Map<String, String> patients;
    private final Set<String> used;
    /** new id → kind → values. */
    private final Map<String, Map<IdentifierSearch.Kind, Set<String>>> identifiers;
    private int unsaved;

    private PatientIdMap(Path file, DeidKey key, String prefix, Map<String, String> patients,
            Map<String, Map<IdentifierSearch.Kind, Set<String>>> identifiers) {
        this.file = file;
        this.key = key;
        this.prefix = prefix;
        this.patients = patients;
        this.used = new HashSet<>(patients.values());
        this.identifiers = identifiers;
    }

    /**
     * Opens an existing mapping, e.g. to check a tree against its identifiers; nothing is written.
     *
     * @throws IllegalArgumentException naming the file when it does not exist or is not a mapping file
     * @throws UncheckedIOException     when it cannot be read
     */
    public static PatientIdMap open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": " + (Files.exists(file) ? FileErrors.NOT_REGULAR : "no such mapping file"));
        }
        return openOrCreate(file, "P");
    }

    /**
     * Opens the mapping in {@code file}, or creates it (with a new random key and {@code prefix}) when the file does
     * not exist. An existing file keeps its own prefix.
     *
     * @throws IllegalArgumentException naming the file when it is not a mapping file, or two patients share a new id
     * @throws UncheckedIOException     when it cannot be read or created
     */
    public static PatientIdMap openOrCreate(Path file, String prefix) {
        return openOrCreate(file, prefix, Optional.empty());
    }

    /**
     * As {@link #openOrCreate(Path, String)}, with the project's key kept in a file of its own as well ({@code ingest
     * --key}): a new mapping gets {@code key}; an existing one must hold the same key.
     *
     * @throws IllegalArgumentException naming the file when it holds another key, or as {@link #openOrCreate(Path, String)}
     */
    public static PatientIdMap openOrCreate(Path file, String prefix, DeidKey key) {
        PatientIdMap map = openOrCreate(file, prefix, Optional.of(key));
        if (!map.key().toBase64().equals(key.toBase64())) {
            throw new IllegalArgumentException(file + ": the mapping holds another key than the key file; ids and UIDs"
                    + " would not match those of earlier runs");
        }
        return map;
    }

    private static PatientIdMap openOrCreate(Path file, String prefix, Optional<DeidKey> newKey) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("id prefix must be 1-3 upper-case letters, got '" + prefix + "'");
        }
        if (!Files.exists(file)) {
            PatientIdMap created = new PatientIdMap(file, newKey.orElseGet(DeidKey::generate), prefix, new LinkedHashMap<>(),
                    new LinkedHashMap<>());
            created.save();
            return created;
        }
        JsonNode root;
        try {
            root = JSON.readTree(FileErrors.requireRegularFile(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping file " + file + ": " + FileErrors.reason(e), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("key").isTextual()
                || !root.path("patients").isObject()) {
            throw new IllegalArgumentException(file + ": not a de-identification mapping file (expected {\"format\": \""
                    + FORMAT + "\", \"key\": ..., \"patients\": {...}})");
        }
        String filePrefix = root.path("prefix").asText(prefix);
        Map<String, String> patients = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("patients").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String newId = e.getValue().asText();
            if (!seen.add(newId)) {
                throw new IllegalArgumentException(file + " /patients: new id " + newId + " is given to two patients");
            }
            patients.put(e.getKey(), newId);
        }
        DeidKey key;
        try {
            key = DeidKey.fromBase64(root.get("key").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " /key: " + e.getMessage(), e);
        }
        Map<String, Map<IdentifierSearch.Kind, Set<String>>> known = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("identifiers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (IdentifierSearch.Kind kind : IdentifierSearch.Kind.values()) {
                for (JsonNode v : e.getValue().path(jsonName(kind))) {
                    known.computeIfAbsent(e.getKey(), k -> new EnumMap<>(IdentifierSearch.Kind.class))
                            .computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(v.asText());
                }
            }
        }
        return new PatientIdMap(file, key, filePrefix, patients, known);
    }

    private static String jsonName(IdentifierSearch.Kind kind) {
        return switch (kind) {
            case NAME -> "names";
            case BIRTH_DATE -> "birthDates";
            case HOSPITAL_ID -> "ids";
        };
    }

    /**
     * Checks, before any output is written, that {@link #flush()} will be able to save this file: it is a regular file
     * the process may write (or does not exist yet), and a temporary file can be created next to it (the atomic save
     * needs one). A read-only mapping file would otherwise be found only after a whole run.
     *
     * @throws UncheckedIOException naming the file and what stands in the way
     */
    public void checkWritable() {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.exists(absolute)) {
            // the mode decides, not access(2) alone: root may write anything, but a file made read-only says "keep"
            if (!Files.isRegularFile(absolute) || !Files.isWritable(absolute) || !ownerMayWrite(absolute)) {
                throw new UncheckedIOException("the mapping file " + file + " is read-only (or not a regular file); "
                        + "de-identification adds new patients to it", new java.nio.file.AccessDeniedException(file.toString()));
            }
        }
        try {
            Path probe = Files.createTempFile(dir, "." + absolute.getFileName(), ".probe");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UncheckedIOException("the mapping file " + file + " cannot be saved: its folder is not writable ("
                    + e.getMessage() + ")", e);
        }
    }

    private static boolean ownerMayWrite(Path path) {
        try {
            return Files.getPosixFilePermissions(path).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return true;
        }
    }

    /**
     * Remembers identifying values of a patient, as the source headers give them (values under 2 characters are
     * dropped). Saved with the next flush.
     *
     * @param newId the patient's new id
     */
    public synchronized void rememberIdentifiers(String newId, IdentifierSearch.Kind kind, Collection<String> values) {
        for (String v : values) {
            String value = v == null ? "" : v.strip();
            if (value.length() < 2) {
                continue;
            }
            if (identifiers.computeIfAbsent(newId, k -> new EnumMap<>(IdentifierSearch.Kind.class))
                    .computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(value)) {
                unsaved++;
            }
        }
    }

    /** @return the identifying values remembered for the patient with {@code newId}, all kinds */
    public List<String> identifiersOf(String newId) {
        return identifiersOfPatient(newId).stream().map(IdentifierSearch.Identifier::value).toList();
    }

    /**
     * @return every identifier of the mapping: each patient's hospital id (the original id) and the names, birth dates
     *         and other ids remembered for them, tagged with the patient's new id
     */
    public synchronized List<IdentifierSearch.Identifier> identifiers() {
        List<IdentifierSearch.Identifier> out = new ArrayList<>();
        patients.forEach((original, newId) -> out.add(new IdentifierSearch.Identifier(newId,
                IdentifierSearch.Kind.HOSPITAL_ID, original)));
        identifiers.forEach((newId, byKind) -> byKind.forEach((kind, values) -> values.forEach(
                v -> out.add(new IdentifierSearch.Identifier(newId, kind, v)))));
        return out;
    }

    /**
     * @return the names, birth dates and other ids remembered for the patient with {@code newId}, tagged with it (what
     *         {@link #identifiers()} holds of the patient besides the hospital id, without going through every patient)
     */
    public synchronized List<IdentifierSearch.Identifier> identifiersOfPatient(String newId) {
        List<IdentifierSearch.Identifier> out = new ArrayList<>();
        identifiers.getOrDefault(newId, Map.of()).forEach((kind, values) -> values.forEach(
                v -> out.add(new IdentifierSearch.Identifier(newId, kind, v))));
        return out;
    }

    public Path file() {
        return file;
    }

    /** The project's secret, for UIDs and date shifts. */
    public DeidKey key() {
        return key;
    }

    /** @return the new id of {@code originalId}, when it has one */
    public synchronized Optional<String> find(String originalId) {
        return Optional.ofNullable(patients.get(originalId));
    }

    /**
     * @return the new id of {@code originalId}, assigned when the patient is new (saved with the next flush)
     * @throws IllegalArgumentException for an empty original id
     * @throws UncheckedIOException     when saving fails
     */
    public synchronized String newIdFor(String originalId) {
        if (originalId == null || originalId.isBlank()) {
            throw new IllegalArgumentException("a patient without an id cannot be mapped");
        }
        String existing = patients.get(originalId);
        if (existing != null) {
            return existing;
        }
        int digits = MAX_ID_LENGTH - prefix.length();
        for (int attempt = 0; ; attempt++) {
            String candidate = prefix + key.patientIdCandidate(originalId, attempt, digits);
            if (used.add(candidate)) {
                patients.put(originalId, candidate);
                if (++unsaved >= SAVE_EVERY) {
                    save();
                }
                return candidate;
            }
        }
    }

    /** @return how many patients have a new id */
    public synchronized int size() {
        return patients.size();
    }

    /** @return a copy of the mapping, original → new */
    public synchronized Map<String, String> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(patients));
    }

    /**
     * Writes new entries to the file (atomically) when there are any.
     *
     * @throws UncheckedIOException naming the file when writing fails
     */
    public synchronized void flush() {
        if (unsaved > 0) {
            save();
        }
    }

    private void save() {
        unsaved = 0;
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("key", key.toBase64());
        root.put("prefix", prefix);
        ObjectNode p = root.putObject("patients");
        patients.forEach(p::put);
        ObjectNode known = root.putObject("identifiers");
        // in the patients' order, whichever thread remembered a patient first: the same run writes the same file
        Set<String> order = new LinkedHashSet<>(patients.values());
        order.addAll(identifiers.keySet());
        for (String newId : order) {
            Map<IdentifierSearch.Kind, Set<String>> byKind = identifiers.get(newId);
            if (byKind != null) {
                ObjectNode one = known.putObject(newId);
                byKind.forEach((kind, values) -> values.forEach(one.withArray(jsonName(kind))::add));
            }
        }
        // it re-identifies the patients: owner only, whatever the umask
        AtomicFiles.writeOwnerOnly(file, out -> JSON.writeValue(new NonClosing(out), root));
    }

    /** Jackson closes the stream it writes to; AtomicFiles must flush and sync it first. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
