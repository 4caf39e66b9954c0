package dev.pulmo.cocojson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Category;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.cocojson.internal.CappedFindings;
import dev.pulmo.cocojson.internal.JsonFactories;
import dev.pulmo.cocojson.internal.ModelBinding;
import dev.pulmo.cocojson.internal.SectionWalker;
import dev.pulmo.cocojson.internal.StrictUtf8InputStream;
import dev.pulmo.cocojson.internal.ValidationRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks guideline JSON files against SPEC.md §3 and the modalities' category tables, in one streaming
 * pass (memory bounded by the number of images and annotation ids, not the file size). Returns every
 * violation as a {@link Finding} with JSON Pointer and line:column; never throws for bad data — malformed
 * JSON is the finding {@code json.malformed} and an unreadable file {@code file.unreadable}.
 *
 * <p>Rule codes (stable):
 * <ul>
 * <li>file: {@code file.unreadable} (also a FIFO or device, never opened), {@code json.encoding} (not well-formed
 *     UTF-8: overlong forms, encoded surrogates, with the byte offset), {@code json.findings.omitted} (more than
 *     {@value dev.pulmo.cocojson.internal.CappedFindings#MAX_PER_FILE} findings; counts the rest),
 *     {@code json.limit} (a string, a nesting depth or one element beyond the reader's limits)</li>
 * <li>structure: {@code json.malformed}, {@code json.root.not-object}, {@code json.section.missing},
 *     {@code json.section.duplicate}, {@code json.required.missing}, {@code json.required.null},
 *     {@code json.type}, {@code json.member.duplicate}, {@code json.member.unknown} (warning),
 *     {@code json.string.too-long} (Unicode code points), {@code json.value.out-of-range},
 *     {@code json.date.format}, {@code json.id.duplicate}</li>
 * <li>modality and categories: {@code json.modality.unknown}, {@code json.category.not-in-table},
 *     {@code json.category.name-mismatch}, {@code json.category.name-alias} (warning: a misspelling the
 *     guideline itself uses), {@code json.category.group-mismatch}, {@code json.category.wrong-modality}</li>
 * <li>annotations: {@code json.annotation.image-missing}, {@code json.annotation.category-unknown},
 *     {@code json.annotation.iscrowd}, {@code json.bbox.length}, {@code json.bbox.degenerate},
 *     {@code json.bbox.outside-image}, {@code json.segmentation.odd-length},
 *     {@code json.segmentation.too-few-points}, {@code json.segmentation.bbox-mismatch} (warning),
 *     {@code json.annotation.extent-mismatch}, {@code json.annotation.area-mismatch}</li>
 * </ul>
 */
public final class GuidelineJsonValidator {
    private final ModalityCatalog catalog;
    private final double extentTolerancePixels;
    private final double areaRelativeTolerance;

    private GuidelineJsonValidator(ModalityCatalog catalog, double extentTolerancePixels, double areaRelativeTolerance) {
        this.catalog = catalog;
        this.extentTolerancePixels = extentTolerancePixels;
        this.areaRelativeTolerance = areaRelativeTolerance;
    }

    /** A validator with the default tolerances: extent 0.5 pixel, area 1% (relative, with 0.5 px² floor). */
    public static GuidelineJsonValidator of(ModalityCatalog catalog) {
        return new GuidelineJsonValidator(catalog, 0.5, 0.01);
    }

    /**
     * The same validator with other tolerances.
     *
     * @param extentTolerancePixels how far an annotation's {@code width}/{@code height} may be from its bbox's, and
     *                              the segmentation's bounds from the bbox, in pixels
     * @param areaRelativeTolerance how far {@code area} may be from what the modality's area rule gives, relative
     */
    public GuidelineJsonValidator withTolerances(double extentTolerancePixels, double areaRelativeTolerance) {
        if (!(extentTolerancePixels >= 0) || !(areaRelativeTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0");
        }
        return new GuidelineJsonValidator(catalog, extentTolerancePixels, areaRelativeTolerance);
    }

    /**
     * The findings for one file; the file name in each finding is {@code file.toString()}. Only a regular file is
     * opened: a FIFO or device would block the read, so it is the finding {@code file.unreadable}.
     */
    public List<Finding> validate(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of(Finding.error("file.unreadable", Location.ofFile(file.toString()), Files.exists(file)
                    ? "not a regular file (a FIFO, socket or device); not opened" : "no such file"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return validate(in, file.toString());
        } catch (IOException e) {
            return List.of(Finding.error("file.unreadable", Location.ofFile(file.toString()),
                    "cannot read the file: " + e.getMessage()));
        }
    }

    /** The findings for one document held in memory; {@code sourceName} names it. */
    public List<Finding> validate(byte[] document, String sourceName) {
        return validate(new ByteArrayInputStream(document), sourceName);
    }

    /**
     * The findings for a document before it is written: the model as {@link GuidelineJson#write} would write it,
     * checked by the same rules without making text (findings carry JSON pointers, no line and column).
     */
    public List<Finding> validate(AnnotationFile model, String sourceName) {
        ValidationRun run = newRun(sourceName);
        // a category table already found clean (every image of a modality has the same one) is not walked again: the
        // run is told its ids and modalities, which is all that the other sections' checks need of it
        boolean clean = cleanCategoryTable(model);
        if (clean) {
            run.knownCleanCategories(model.categories()); // first, as in the document: annotations are checked as they come
        }
        walkModel(clean ? new AnnotationFile(model.info(), List.of(), model.images(), model.annotations()) : model,
                sourceName, run);
        run.finish();
        return run.findings();
    }

    private static void walkModel(AnnotationFile model, String sourceName, ValidationRun run) {
        TokenBuffer tokens = new TokenBuffer(null, false);
        GuidelineJson.write(model, new GuidelineJsonWriter(tokens));
        try (JsonParser p = tokens.asParser()) {
            SectionWalker.walk(p, run, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the tokens of " + sourceName, e); // tokens in memory: a bug
        }
    }

    /**
     * Category tables checked and found without a finding, with their text as {@link GuidelineJsonWriter} writes it
     * (which every file convert writes holds, for {@link #cleanTableAt}); a tree has a few (one per modality).
     */
    private final java.util.Map<List<Category>, byte[]> cleanTables = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CLEAN_TABLES_KEPT = 64;
    private volatile List<Category> lastCleanTable;

    /** Whether the model's category table, checked alone, has no finding (checked once per table). */
    private boolean cleanCategoryTable(AnnotationFile model) {
        List<Category> table = model.categories();
        if (table.isEmpty()) {
            return false;
        }
        if (table == lastCleanTable || cleanTables.containsKey(table)) {
            lastCleanTable = table; // a model's lists are immutable: known again by identity in the next file
            return true;
        }
        ValidationRun alone = newRun("categories");
        walkModel(new AnnotationFile(model.info(), table, List.of(), List.of()), "categories", alone);
        boolean clean = alone.findings().stream().noneMatch(f -> f.location() == null || f.location().pointer() == null
                || f.location().pointer().startsWith("/" + SectionWalker.CATEGORIES));
        if (clean && cleanTables.size() < CLEAN_TABLES_KEPT) {
            cleanTables.put(List.copyOf(table), GuidelineJsonWriter.categoriesBytes(table));
        }
        if (clean) {
            lastCleanTable = table;
        }
        return clean;
    }

    /**
     * The findings for one document read from {@code in} (not closed); {@code sourceName} names it. At most
     * {@value CappedFindings#MAX_PER_FILE} findings are listed; the rest are counted in one last finding
     * {@code json.findings.omitted} of the worst severity left out.
     */
    public List<Finding> validate(InputStream in, String sourceName) {
        ValidationRun run = newRun(sourceName);
        return walk(in, sourceName, run, run);
    }

    /** The findings and the model of one document read once; {@link #validate(InputStream, String)} says what it checks. */
    public record Checked(List<Finding> findings, Optional<AnnotationFile> model) {
        public Checked {
            findings = List.copyOf(findings);
        }
    }

    /**
     * The findings for one document held in memory and its model as {@link GuidelineJsonReader#lenient()} reads it, from
     * one parse; the model is empty when the document is malformed or a required member is missing or of the wrong
     * type (the findings say which).
     */
    public Checked validateAndRead(byte[] document, String sourceName) {
        boolean[] tableSkipped = new boolean[1];
        Checked checked = validateAndRead(document, sourceName, offset -> {
            Optional<List<Category>> table = cleanTableAt(document, offset);
            tableSkipped[0] |= table.isPresent();
            return table;
        });
        if (!tableSkipped[0]) {
            checked.model().ifPresent(this::cleanCategoryTable); // its text is known in the next file when it is clean
            return checked;
        }
        // a known table whose finding needs the file (its modality against the images'): walked again for line and column
        boolean aboutTheTable = checked.findings().stream().anyMatch(f -> f.location() != null && f.location().pointer() != null
                && f.location().pointer().startsWith("/" + SectionWalker.CATEGORIES));
        return aboutTheTable ? validateAndRead(document, sourceName, null) : checked;
    }

    private Checked validateAndRead(byte[] document, String sourceName, SectionWalker.KnownTables known) {
        ValidationRun run = newRun(sourceName);
        ModelBinding binding = new ModelBinding(sourceName, run);
        List<Finding> findings = walk(new ByteArrayInputStream(document), sourceName, run, binding, known);
        return new Checked(findings, binding.model());
    }

    /** The clean table whose text is the document's bytes from {@code offset} on, if one is. */
    private Optional<List<Category>> cleanTableAt(byte[] document, long offset) {
        for (java.util.Map.Entry<List<Category>, byte[]> t : cleanTables.entrySet()) {
            byte[] text = t.getValue();
            if (offset >= 0 && offset + text.length <= document.length
                    && Arrays.equals(document, (int) offset, (int) offset + text.length, text, 0, text.length)) {
                return Optional.of(t.getKey());
            }
        }
        return Optional.empty();
    }

    private ValidationRun newRun(String sourceName) {
        return new ValidationRun(sourceName, catalog, extentTolerancePixels, areaRelativeTolerance);
    }

    /** Walks the document with {@code handler} (the run, or a binding that passes everything to the run first). */
    private static List<Finding> walk(InputStream in, String sourceName, ValidationRun run, SectionWalker.Handler handler) {
        return walk(in, sourceName, run, handler, null);
    }

    private static List<Finding> walk(InputStream in, String sourceName, ValidationRun run, SectionWalker.Handler handler,
            SectionWalker.KnownTables known) {
        try (JsonParser p = JsonFactories.FACTORY.createParser(new StrictUtf8InputStream(in))) {
            SectionWalker.walk(p, handler, true, known);
            if (handler instanceof ModelBinding binding) {
                binding.completed();
            }
        } catch (StrictUtf8InputStream.MalformedUtf8Exception e) {
            run.add(Finding.error("json.encoding", Location.ofFile(sourceName), e.getMessage()));
            return run.findings();
        } catch (StreamConstraintsException e) {
            JsonLocation l = e.getLocation();
            run.add(Finding.error("json.limit", l == null ? Location.ofFile(sourceName)
                    : new Location(sourceName, null, l.getLineNr(), l.getColumnNr()), e.getOriginalMessage()));
            return run.findings();
        } catch (JsonProcessingException e) {
            GuidelineJsonException g = GuidelineJsonReader.malformed(sourceName, e);
            run.add(Finding.error("json.malformed", new Location(sourceName, null, g.line(), g.column()),
                    "malformed JSON: " + e.getOriginalMessage()));
            return run.findings();
        } catch (IOException e) {
            run.add(Finding.error("file.unreadable", Location.ofFile(sourceName), "cannot read: " + e.getMessage()));
            return run.findings();
        }
        run.finish();
        return run.findings();
    }
}
