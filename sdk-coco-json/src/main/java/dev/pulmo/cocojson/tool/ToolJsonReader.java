package dev.pulmo.cocojson.tool;

import dev.pulmo.api.io.FileErrors;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.cocojson.internal.CappedFindings;
import dev.pulmo.cocojson.internal.JsonFactories;
import dev.pulmo.cocojson.internal.LocatedTree;
import dev.pulmo.cocojson.internal.StrictUtf8InputStream;
import dev.pulmo.cocojson.tool.internal.AnnotationObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the annotation tool's JSON export (SPEC.md §10; the structure is documented in the
 * {@linkplain dev.pulmo.cocojson.tool package}). The file is parsed as a stream, one annotation object at a
 * time; the result holds the good objects.
 *
 * <p>Malformed JSON, or a document that is not an array, cannot be read at all and throws. Otherwise every
 * faulty annotation object is reported — each of its faults as a {@link Finding} with the JSON Pointer and
 * line:column of the offending value — and left out, and every good object is returned.
 *
 * <p>Finding codes: {@code tool.json.type} (a value of the wrong type), {@code tool.json.missing} (a required
 * member), {@code tool.json.duplicate-member} (warning), {@code tool.kind-unknown}, {@code tool.operation-unknown},
 * {@code tool.handles-count}, {@code tool.bbox-invalid}, {@code tool.area-invalid}, {@code tool.id-duplicate}
 * (a second object with an id already used in the same image; the first is kept),
 * {@code tool.image-form-mixed} (a file mixing per-image lists and bare objects at the top level),
 * {@code tool.invalid-handle-placement} (warning: the tool's own flag), {@code json.findings.omitted} (more than
 * 1000 findings in one file: the rest are counted).
 *
 * <p>Bounded memory: annotation objects are read one at a time, and one object may hold at most
 * {@link dev.pulmo.cocojson.internal.LocatedTree#MAX_VALUES_PER_ELEMENT} JSON values (a shape of a million handles
 * would otherwise be held as a tree with the location of each value); past that, and for bytes that are not
 * well-formed UTF-8, the read fails with a {@link GuidelineJsonException} that says so.
 */
public final class ToolJsonReader {
    private ToolJsonReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws GuidelineJsonException naming file and line:column when the JSON is malformed or the document is
     *                                not an array
     * @throws UncheckedIOException   when the file cannot be read
     */
    public static ToolImportResult read(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new GuidelineJsonException(file.toString(), null, 0, 0, "not a regular file (a FIFO, socket or device); "
                    + "not opened", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw FileErrors.cannotRead(file, e);
        }
    }

    /**
     * Reads {@code in} (not closed); {@code sourceName} names it in findings and messages.
     *
     * @throws GuidelineJsonException naming the source and line:column when the JSON is malformed or the
     *                                document is not an array
     * @throws UncheckedIOException   when the stream cannot be read
     */
    public static ToolImportResult read(InputStream in, String sourceName) {
        Run run = new Run(sourceName);
        try (JsonParser p = JsonFactories.FACTORY.createParser(new StrictUtf8InputStream(in))) {
            run.document(p);
        } catch (StreamConstraintsException e) {
            JsonLocation l = e.getLocation();
            throw new GuidelineJsonException(sourceName, null, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    e.getOriginalMessage(), e);
        } catch (StrictUtf8InputStream.MalformedUtf8Exception e) {
            throw new GuidelineJsonException(sourceName, null, 0, 0, e.getMessage(), e);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new GuidelineJsonException(sourceName, null, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceName + ": " + e.getMessage(), e);
        }
        return new ToolImportResult(run.annotations, run.findings.toList());
    }

    private static final class Run {
        private final String file;
        private final List<ToolAnnotation> annotations = new ArrayList<>();
        private final CappedFindings findings;
        /** id → pointer of the first object with it, per image. */
        private final Map<Integer, Map<Long, String>> idsByImage = new HashMap<>();

        Run(String file) {
            this.file = file;
            this.findings = new CappedFindings(file);
        }

        void document(JsonParser p) throws IOException {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                JsonLocation l = p.currentTokenLocation();
                throw new GuidelineJsonException(file, "", l.getLineNr(), l.getColumnNr(),
                        "expected the tool's export: an array of per-image arrays of annotation objects, found "
                                + (first == null ? "an empty document" : describe(first)), null);
            }
            JsonToken formOfFirst = null;
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                JsonToken t = p.currentToken();
                String pointer = "/" + index;
                if (t != JsonToken.START_ARRAY && t != JsonToken.START_OBJECT) {
                    findings.add(Finding.error("tool.json.type", at(pointer, p.currentTokenLocation()),
                            "expected an image's array of annotation objects (or an annotation object), found " + describe(t)));
                    p.skipChildren();
                } else if (formOfFirst != null && t != formOfFirst) {
                    findings.add(Finding.error("tool.image-form-mixed", at(pointer, p.currentTokenLocation()),
                            "the file begins with " + (formOfFirst == JsonToken.START_ARRAY ? "per-image arrays" : "bare annotation objects")
                                    + " but this element is " + describe(t) + "; it is skipped"));
                    p.skipChildren();
                } else if (t == JsonToken.START_ARRAY) {
                    formOfFirst = t;
                    int j = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        annotation(LocatedTree.read(p, pointer + "/" + j++), index);
                    }
                } else {
                    formOfFirst = t;
                    annotation(LocatedTree.read(p, pointer), 0);
                }
                index++;
            }
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p,
                        "expected the end of the document after the top-level array, found " + describe(extra),
                        p.currentTokenLocation());
            }
        }

        private void annotation(LocatedTree tree, int imageIndex) {
            AnnotationObjectMapper.map(file, tree, imageIndex, findings).ifPresent(a -> {
                String earlier = idsByImage.computeIfAbsent(imageIndex, k -> new HashMap<>())
                        .putIfAbsent(a.id(), tree.pointer());
                if (earlier != null) {
                    findings.add(Finding.error("tool.id-duplicate", a.location(),
                            "id " + a.id() + " is already used in image " + imageIndex + " by " + earlier + "; this object is skipped"));
                } else {
                    annotations.add(a);
                }
            });
        }

        private Location at(String pointer, JsonLocation l) {
            return new Location(file, pointer, l.getLineNr(), l.getColumnNr());
        }

        private static String describe(JsonToken t) {
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.toString();
            };
        }
    }
}
