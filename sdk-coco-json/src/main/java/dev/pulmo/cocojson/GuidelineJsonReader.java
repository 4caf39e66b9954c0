package dev.pulmo.cocojson;

import dev.pulmo.api.io.FileErrors;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Category;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.cocojson.internal.JsonFactories;
import dev.pulmo.cocojson.internal.LocatedTree;
import dev.pulmo.cocojson.internal.ModelMapper;
import dev.pulmo.cocojson.internal.SectionWalker;
import dev.pulmo.cocojson.internal.StrictUtf8InputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads guideline JSON into the typed model. {@link #read(Path, GuidelineJsonVisitor)} streams: it hands
 * over one image or annotation at a time and holds only that one in memory, so files of any size read in
 * bounded memory. {@link #read(Path)} collects the whole file.
 *
 * <p>Lenient by default: unknown members are ignored. {@link #strict()} rejects them. Both reject malformed
 * JSON, a missing or null required member and a member of the wrong type; limits and consistency (lengths,
 * ranges, ids, boxes) are not checked here — use {@link GuidelineJsonValidator}.
 */
public final class GuidelineJsonReader {
    private static final GuidelineJsonReader LENIENT = new GuidelineJsonReader(false);
    private static final GuidelineJsonReader STRICT = new GuidelineJsonReader(true);

    private final boolean rejectUnknownMembers;

    private GuidelineJsonReader(boolean rejectUnknownMembers) {
        this.rejectUnknownMembers = rejectUnknownMembers;
    }

    /** Ignores unknown members. */
    public static GuidelineJsonReader lenient() {
        return LENIENT;
    }

    /** Rejects unknown members. */
    public static GuidelineJsonReader strict() {
        return STRICT;
    }

    /**
     * Reads the whole file.
     *
     * @throws GuidelineJsonException naming file, line:column and pointer when the file cannot be read as guideline JSON
     * @throws UncheckedIOException   when the file cannot be opened or read
     */
    public AnnotationFile read(Path file) {
        Collector c = new Collector();
        read(file, c);
        return c.toFile(file.toString());
    }

    /** Reads the whole stream; {@code sourceName} names it in messages. */
    public AnnotationFile read(InputStream in, String sourceName) {
        Collector c = new Collector();
        read(in, sourceName, c);
        return c.toFile(sourceName);
    }

    /** Streams the file's parts to {@code visitor} in file order. */
    public void read(Path file, GuidelineJsonVisitor visitor) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // opening a FIFO blocks until a writer comes
            throw new GuidelineJsonException(file.toString(), null, 0, 0, "not a regular file (a FIFO, socket or device); "
                    + "not opened", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            read(in, file.toString(), visitor);
        } catch (IOException e) {
            throw FileErrors.cannotRead(file, e);
        }
    }

    /** Streams the parts of {@code in} to {@code visitor} in file order; the stream is not closed. */
    public void read(InputStream in, String sourceName, GuidelineJsonVisitor visitor) {
        ModelMapper mapper = new ModelMapper(sourceName, rejectUnknownMembers);
        try (JsonParser p = JsonFactories.FACTORY.createParser(new StrictUtf8InputStream(in))) {
            SectionWalker.walk(p, new SectionWalker.Handler() {
                @Override
                public void section(String name, LocatedTree tree) {
                    if (name.equals(SectionWalker.INFO)) {
                        visitor.info(mapper.info(tree));
                    } else {
                        throw at(sourceName, tree.pointer(), tree.locationOf(tree.pointer()),
                                "'" + name + "' must be an array", null);
                    }
                }

                @Override
                public void element(String name, int index, LocatedTree tree) {
                    switch (name) {
                        case SectionWalker.CATEGORIES -> visitor.category(mapper.category(tree));
                        case SectionWalker.IMAGES -> visitor.image(mapper.image(tree));
                        default -> visitor.annotation(mapper.annotation(tree));
                    }
                }

                @Override
                public void unknownMember(String name, JsonLocation location) {
                    if (rejectUnknownMembers) {
                        throw at(sourceName, "/" + LocatedTree.escape(name), location, "unknown member '" + name + "'", null);
                    }
                }

                @Override
                public void rootNotObject(JsonToken token, JsonLocation location) {
                    throw at(sourceName, "", location, "the document must be an object with info, categories, images "
                            + "and annotations, found " + (token == null ? "nothing" : token.asString() == null ? token : token.asString()), null);
                }

                @Override
                public void duplicateSection(String name, JsonLocation location) {
                    throw at(sourceName, "/" + name, location, "section '" + name + "' appears twice", null);
                }
            });
        } catch (StreamConstraintsException e) {
            JsonLocation l = e.getLocation();
            throw new GuidelineJsonException(sourceName, null, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                    e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw malformed(sourceName, e);
        } catch (StrictUtf8InputStream.MalformedUtf8Exception e) {
            throw new GuidelineJsonException(sourceName, null, 0, 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceName + ": " + e.getMessage(), e);
        }
    }

    static GuidelineJsonException malformed(String sourceName, JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return new GuidelineJsonException(sourceName, null, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                "malformed JSON: " + e.getOriginalMessage(), e);
    }

    private static GuidelineJsonException at(String file, String pointer, JsonLocation l, String problem, Throwable cause) {
        return new GuidelineJsonException(file, pointer, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                problem, cause);
    }

    private static final class Collector implements GuidelineJsonVisitor {
        private Info info;
        private final List<Category> categories = new ArrayList<>();
        private final List<ImageRecord> images = new ArrayList<>();
        private final List<Annotation> annotations = new ArrayList<>();

        @Override public void info(Info i) { info = i; }
        @Override public void category(Category c) { categories.add(c); }
        @Override public void image(ImageRecord i) { images.add(i); }
        @Override public void annotation(Annotation a) { annotations.add(a); }

        AnnotationFile toFile(String sourceName) {
            if (info == null) {
                throw new GuidelineJsonException(sourceName, "", 0, 0, "required section 'info' is missing", null);
            }
            return new AnnotationFile(info, categories, images, annotations);
        }
    }
}
