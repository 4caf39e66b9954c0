package dev.pulmo.cocojson;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.pulmo.api.Annotation;
import dev.pulmo.api.Category;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.cocojson.internal.GuidelinePrettyPrinter;
import dev.pulmo.cocojson.internal.JsonFactories;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes a guideline JSON file incrementally, in bounded memory: give the {@link Info}, then the
 * categories, images and annotations one at a time, in that order, then {@link #close()}. Sections with no
 * elements are written as empty arrays, so the document always has its four members.
 *
 * <p>Members are written with the guideline's names and order (SPEC.md §3); integers as integers; floats
 * as Java's round-trip form of the double ({@code 12.0}). Non-finite numbers are rejected.
 *
 * @see GuidelineJson#write(dev.pulmo.api.AnnotationFile, java.nio.file.Path) for an atomic whole-file write
 */
public final class GuidelineJsonWriter implements Closeable {
    private enum Section { START, INFO, CATEGORIES, IMAGES, ANNOTATIONS, END }

    private final JsonGenerator g;
    private Section section = Section.START;
    /** The categories section was written whole, closed, by {@link #categories}. */
    private boolean categoriesWritten;

    /** A writer to {@code out} (UTF-8); closing the writer does not close {@code out}, it flushes it. */
    public GuidelineJsonWriter(OutputStream out) {
        try {
            g = JsonFactories.FACTORY.createGenerator(out, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new GuidelinePrettyPrinter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writer of tokens to {@code generator} (e.g. a TokenBuffer for validating a model without text). */
    GuidelineJsonWriter(JsonGenerator generator) {
        g = generator;
    }

    /** Writes {@code info}; must come first. */
    public GuidelineJsonWriter info(Info info) {
        move(Section.INFO);
        try {
            g.writeObjectFieldStart("info");
            str("description", info.description());
            str("version", info.version());
            str("contributor", info.contributor());
            str("date_created", info.dateCreated());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public GuidelineJsonWriter category(Category c) {
        if (categoriesWritten) {
            throw new IllegalStateException("the categories were written whole by categories(List); no category can follow");
        }
        move(Section.CATEGORIES);
        try {
            writeCategory(g, c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static void writeCategory(JsonGenerator g, Category c) throws IOException {
        g.writeStartObject();
        str(g, "supercategory", c.supercategory());
        str(g, "supercategory_name", c.supercategoryName());
        g.writeNumberField("grp_id", c.grpId());
        str(g, "grp_name", c.grpName());
        g.writeNumberField("id", c.id());
        str(g, "name", c.name());
        g.writeEndObject();
    }

    /**
     * Writes the whole categories section, right after {@link #info}; the same bytes as {@link #category} for each.
     * A modality's table is the same in every file of a tree, so its text is made once and copied into each document
     * (a dozen categories are most of an image's JSON).
     */
    public GuidelineJsonWriter categories(java.util.List<Category> categories) {
        if (categories.isEmpty() || g instanceof TokenBuffer || section != Section.INFO) {
            categories.forEach(this::category);
            return this;
        }
        try {
            g.writeFieldName("categories");
            g.writeRawValue(categoriesText(categories));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        section = Section.CATEGORIES;
        categoriesWritten = true;
        return this;
    }

    /** The text of each category table written, by table; a tree has a few (one per modality). */
    private static final java.util.Map<java.util.List<Category>, SerializedString> CATEGORIES_TEXT =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CATEGORIES_TEXT_KEPT = 64;

    /** The text {@link #categories} writes for a non-empty table (the array, from '[' to ']'), as UTF-8. */
    static byte[] categoriesBytes(java.util.List<Category> categories) {
        try {
            return categoriesText(categories).asUnquotedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last table written and its text: most files of a run hold the same list instance (an immutable one). */
    private record TableText(java.util.List<Category> table, SerializedString text) {
    }

    private static volatile TableText lastWritten;

    private static SerializedString categoriesText(java.util.List<Category> categories) throws IOException {
        TableText last = lastWritten;
        if (last != null && last.table() == categories) {
            return last.text();
        }
        SerializedString text = CATEGORIES_TEXT.get(categories);
        if (text != null) {
            rememberLast(categories, text);
            return text;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JsonGenerator section = JsonFactories.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            section.setPrettyPrinter(new GuidelinePrettyPrinter(1)); // laid out as inside the document's object
            section.writeStartArray();
            for (Category c : categories) {
                writeCategory(section, c);
            }
            section.writeEndArray();
        }
        text = new SerializedString(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        if (CATEGORIES_TEXT.size() < CATEGORIES_TEXT_KEPT) {
            CATEGORIES_TEXT.putIfAbsent(java.util.List.copyOf(categories), text);
        }
        rememberLast(categories, text);
        return text;
    }

    private static void rememberLast(java.util.List<Category> categories, SerializedString text) {
        if (java.util.List.copyOf(categories) == categories) { // immutable: the same instance cannot hold another table later
            lastWritten = new TableText(categories, text);
        }
    }

    public GuidelineJsonWriter image(ImageRecord i) {
        move(Section.IMAGES);
        try {
            g.writeStartObject();
            g.writeNumberField("id", i.id());
            str("file_name", i.fileName());
            str("patient_id", i.patientId());
            str("series_id", i.seriesId());
            str("image_id", i.imageId());
            g.writeNumberField("width", i.width());
            g.writeNumberField("height", i.height());
            str("date_captured", i.dateCaptured());
            str("modality", i.modality());
            str("manufacturer", i.manufacturer());
            str("manufacturer ModelName", i.manufacturerModelName());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public GuidelineJsonWriter annotation(Annotation a) {
        move(Section.ANNOTATIONS);
        try {
            g.writeStartObject();
            g.writeNumberField("id", a.id());
            g.writeNumberField("image_id", a.imageId());
            g.writeNumberField("category_id", a.categoryId());
            g.writeNumberField("iscrowd", a.iscrowd());
            num("area", a.area(), a);
            g.writeArrayFieldStart("bbox");
            for (double v : new double[] {a.bbox().x1(), a.bbox().y1(), a.bbox().x2(), a.bbox().y2()}) {
                number(v);
            }
            g.writeEndArray();
            str("toolname", a.toolname());
            g.writeArrayFieldStart("segmentation");
            for (int k = 0; k < a.segmentation().size(); k++) {
                double v = a.segmentation().get(k);
                finite("segmentation", v, a);
                number(v);
            }
            g.writeEndArray();
            num("width", a.width(), a);
            num("height", a.height(), a);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Finishes the document (writing any section not yet written as an empty array) and flushes. */
    @Override
    public void close() {
        if (section == Section.END) {
            return;
        }
        move(Section.END);
        try {
            g.writeEndObject();
            if (!(g instanceof TokenBuffer)) {
                g.writeRaw('\n'); // text ends with a newline; tokens have no place for one
            }
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void move(Section next) {
        if (next.ordinal() < section.ordinal() || (next == Section.INFO && section == Section.INFO)) {
            throw new IllegalStateException("guideline JSON sections go info, categories, images, annotations: cannot write "
                    + next.name().toLowerCase(java.util.Locale.ROOT) + " after " + section.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (section == Section.START && next != Section.INFO) {
            throw new IllegalStateException("write info first");
        }
        if (next == section) {
            return;
        }
        try {
            if (section == Section.START) {
                g.writeStartObject();
            }
            if (section.ordinal() >= Section.CATEGORIES.ordinal() && !(section == Section.CATEGORIES && categoriesWritten)) {
                g.writeEndArray();
            }
            // open (and, when skipped, close) every array section between the current one and the next
            for (int s = Math.max(section.ordinal() + 1, Section.CATEGORIES.ordinal()); s <= Math.min(next.ordinal(), Section.ANNOTATIONS.ordinal()); s++) {
                g.writeArrayFieldStart(Section.values()[s].name().toLowerCase(java.util.Locale.ROOT));
                if (s < next.ordinal()) {
                    g.writeEndArray();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        section = next;
    }

    private void str(String name, String value) throws IOException {
        str(g, name, value);
    }

    private static void str(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private void num(String name, double v, Annotation a) throws IOException {
        finite(name, v, a);
        g.writeFieldName(name);
        number(v);
    }

    /** Digits of {@link #number}, written from the end. */
    private final char[] digits = new char[24];

    /**
     * Writes {@code v} as Jackson does ({@link Double#toString}), with integral values of magnitude below 10^7 (pixel
     * coordinates, most of a polygon's numbers) written digit by digit: {@code 145.0}, not through FloatingDecimal.
     */
    private void number(double v) throws IOException {
        long n = (long) v;
        if (n != v || n <= -10_000_000 || n >= 10_000_000 || Double.doubleToRawLongBits(v) == NEGATIVE_ZERO
                || g instanceof TokenBuffer) {
            g.writeNumber(v);
            return;
        }
        int at = digits.length;
        digits[--at] = '0';
        digits[--at] = '.';
        long m = Math.abs(n);
        do {
            digits[--at] = (char) ('0' + m % 10);
            m /= 10;
        } while (m != 0);
        if (n < 0) {
            digits[--at] = '-';
        }
        g.writeNumber(digits, at, digits.length - at);
    }

    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    private static void finite(String name, double v, Annotation a) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("annotation " + a.id() + ": '" + name + "' is " + v + "; JSON numbers must be finite");
        }
    }
}
