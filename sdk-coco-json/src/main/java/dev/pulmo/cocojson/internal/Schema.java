package dev.pulmo.cocojson.internal;

import java.util.List;
import java.util.Map;

/**
 * The guideline JSON's members (SPEC.md §3, guideline tables 1.3.1–1.3.4) in their written order, with
 * type, whether required, and limits. The single source for the writer's order, the reader's mapping and
 * the validator's checks.
 */
public final class Schema {

    /** JSON type of a member. */
    public enum Type {
        STRING("a string"), INTEGER("an integer"), NUMBER("a number"), NUMBER_ARRAY("an array of numbers");

        public final String description;

        Type(String description) {
            this.description = description;
        }
    }

    /**
     * One member.
     *
     * @param maxCodePoints length limit of a string in Unicode code points, 0 for none
     * @param min           smallest allowed integer/number value (inclusive), or {@code Long.MIN_VALUE}
     * @param max           largest allowed integer/number value (inclusive), or {@code Long.MAX_VALUE}
     */
    public record Member(String name, Type type, boolean required, int maxCodePoints, long min, long max) {
        static Member string(String name, int maxCodePoints) {
            return new Member(name, Type.STRING, true, maxCodePoints, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        static Member integer(String name, long min, long max) {
            return new Member(name, Type.INTEGER, true, 0, min, max);
        }

        static Member number(String name) {
            return new Member(name, Type.NUMBER, true, 0, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        static Member numbers(String name) {
            return new Member(name, Type.NUMBER_ARRAY, true, 0, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        Member optional() {
            return new Member(name, type, false, maxCodePoints, min, max);
        }
    }

    public static final List<Member> INFO = List.of(
            Member.string("description", 50),
            Member.string("version", 5),
            Member.string("contributor", 130),
            Member.string("date_created", 20));

    /** {@code supercategory_name} is written always and optional on read (SPEC.md §3). */
    public static final List<Member> CATEGORY = List.of(
            Member.string("supercategory", 3),
            Member.string("supercategory_name", 0).optional(),
            Member.integer("grp_id", 1, 2),
            Member.string("grp_name", 2),
            Member.integer("id", 1, Integer.MAX_VALUE),
            Member.string("name", 10));

    public static final List<Member> IMAGE = List.of(
            Member.integer("id", 0, Long.MAX_VALUE),
            Member.string("file_name", 50),
            Member.string("patient_id", 7),
            Member.string("series_id", 7),
            Member.string("image_id", 7),
            Member.integer("width", 1, 9_999_999),
            Member.integer("height", 1, 9_999_999),
            Member.string("date_captured", 20),
            Member.string("modality", 3),
            Member.string("manufacturer", 300),
            Member.string("manufacturer ModelName", 300));

    public static final List<Member> ANNOTATION = List.of(
            Member.integer("id", 0, Long.MAX_VALUE),
            Member.integer("image_id", 0, Long.MAX_VALUE),
            Member.integer("category_id", 1, Integer.MAX_VALUE),
            Member.integer("iscrowd", Long.MIN_VALUE, Long.MAX_VALUE),
            Member.number("area"),
            Member.numbers("bbox"),
            Member.string("toolname", 300),
            Member.numbers("segmentation"),
            Member.number("width"),
            Member.number("height"));

    /** Section name → the members of its object (or of each element of its array). */
    public static final Map<String, List<Member>> SECTIONS = Map.of(
            SectionWalker.INFO, INFO,
            SectionWalker.CATEGORIES, CATEGORY,
            SectionWalker.IMAGES, IMAGE,
            SectionWalker.ANNOTATIONS, ANNOTATION);

    private Schema() {
    }

    /** The member called {@code name} in {@code members}, or {@code null}. */
    public static Member find(List<Member> members, String name) {
        for (Member m : members) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
