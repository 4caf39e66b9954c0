package dev.pulmo.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guideline's patient-level split (SPEC.md §9): train : test : validation = 8 : 1 : 1 by default, never
 * splitting one patient's images, so a patient is in the same part in every modality.
 *
 * <p>Stratified: patients are grouped by the set of strata they appear in (by default modality and class,
 * e.g. {@code CCT/malignant}; a patient with CT and PET-CT is grouped with others that have both), and each
 * group is divided by the ratios. Deterministic: within a group patients are ordered by a SHA-256 of the seed
 * and their id, so the same inputs and seed give the same split on any machine, and adding a patient moves
 * few others.
 */
public final class PatientSplit {

    /** The three parts, in the guideline's order. */
    public enum Part {
        TRAIN, TEST, VALIDATION;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Positive weights of train, test and validation, e.g. 8:1:1. */
    public record Ratios(int train, int test, int validation) {
        private static final Pattern FORM = Pattern.compile("(\\d{1,6}):(\\d{1,6}):(\\d{1,6})");

        public Ratios {
            if (train < 0 || test < 0 || validation < 0 || train + test + validation == 0) {
                throw new IllegalArgumentException("ratios must be non-negative and not all zero, got "
                        + train + ":" + test + ":" + validation);
            }
        }

        /** The guideline's 8:1:1. */
        public static Ratios guideline() {
            return new Ratios(8, 1, 1);
        }

        /** Parses {@code train:test:validation}, e.g. {@code 8:1:1}. */
        public static Ratios parse(String text) {
            Matcher m = FORM.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("ratios must look like 8:1:1 (train:test:validation), got '" + text + "'");
            }
            return new Ratios(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }

        int total() {
            return train + test + validation;
        }

        @Override
        public String toString() {
            return train + ":" + test + ":" + validation;
        }
    }

    private PatientSplit() {
    }

    /**
     * Assigns every patient a part.
     *
     * @param strataByPatient patient id → the strata the patient appears in (at least one each)
     * @return patient id → part, for every patient given
     */
    public static Map<String, Part> assign(Map<String, ? extends Set<String>> strataByPatient, Ratios ratios, long seed) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (Map.Entry<String, ? extends Set<String>> e : strataByPatient.entrySet()) {
            SortedSet<String> strata = new TreeSet<>(e.getValue());
            if (strata.isEmpty()) {
                throw new IllegalArgumentException("patient " + e.getKey() + " has no stratum");
            }
            groups.computeIfAbsent(String.join("+", strata), k -> new ArrayList<>()).add(e.getKey());
        }
        Map<String, Part> result = new HashMap<>();
        for (List<String> patients : groups.values()) {
            Map<String, byte[]> keys = new HashMap<>();
            for (String p : patients) {
                keys.put(p, orderKey(seed, p));
            }
            patients.sort(Comparator.<String, byte[]>comparing(keys::get, java.util.Arrays::compareUnsigned)
                    .thenComparing(Comparator.naturalOrder()));
            int n = patients.size();
            for (int i = 0; i < n; i++) {
                // the patient's place in the group, as a fraction in (0, 1), against the parts' cumulative shares
                double position = (i + 0.5) / n;
                double trainEnd = (double) ratios.train() / ratios.total();
                double testEnd = (double) (ratios.train() + ratios.test()) / ratios.total();
                Part part = position < trainEnd ? Part.TRAIN : position < testEnd ? Part.TEST : Part.VALIDATION;
                result.put(patients.get(i), part);
            }
        }
        return result;
    }

    private static byte[] orderKey(long seed, String patientId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(patientId.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
