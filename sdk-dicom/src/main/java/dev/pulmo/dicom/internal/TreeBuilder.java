package dev.pulmo.dicom.internal;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.SpecificCharacterSet;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link DicomDataset} tree from parse events. {@code US or SS} elements are resolved once the whole
 * file is read, because pydicom looks Pixel Representation up lazily: an item early in the file sees the top-level
 * (0028,0103) that comes after it.
 */
public final class TreeBuilder implements ParseHandler {

    private static final class Node {
        final Node parent;
        final SpecificCharacterSet inherited;
        final List<Object> entries = new ArrayList<>(); // DicomElement, or Sequence
        final List<Boolean> usOrSs = new ArrayList<>();
        /** This node's own Pixel Representation: null until looked for, then a VR, or NONE_OWN when absent. */
        Object ownPixelRepresentation;

        Node(Node parent, SpecificCharacterSet inherited) {
            this.parent = parent;
            this.inherited = inherited;
        }
    }

    private record Sequence(int tag, List<Node> items) {
    }

    private final Node root = new Node(null, SpecificCharacterSet.DEFAULT);
    private final List<String> warnings;
    private Node current = root;
    private final List<Sequence> openSequences = new ArrayList<>();

    public TreeBuilder(List<String> warnings) {
        this.warnings = warnings;
    }

    @Override
    public boolean element(DicomElement element, boolean usOrSsFromDictionary, int depth) {
        current.entries.add(element);
        current.usOrSs.add(usOrSsFromDictionary);
        return true;
    }

    @Override
    public boolean startSequence(int tag, int depth) {
        Sequence s = new Sequence(tag, new ArrayList<>());
        current.entries.add(s);
        current.usOrSs.add(false);
        openSequences.add(s);
        return true;
    }

    @Override
    public void startItem(SpecificCharacterSet inherited, int depth) {
        Node item = new Node(current, inherited);
        openSequences.get(openSequences.size() - 1).items.add(item);
        current = item;
    }

    @Override
    public void endItem(int depth) {
        current = current.parent;
    }

    @Override
    public void endSequence(int tag, int depth) {
        openSequences.remove(openSequences.size() - 1);
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }

    /** @return the finished top-level dataset (call after the parse) */
    public DicomDataset build() {
        return freeze(root);
    }

    private DicomDataset freeze(Node node) {
        List<DicomElement> out = new ArrayList<>(node.entries.size());
        for (int i = 0; i < node.entries.size(); i++) {
            Object o = node.entries.get(i);
            if (o instanceof Sequence s) {
                List<DicomDataset> items = new ArrayList<>(s.items.size());
                for (Node item : s.items) {
                    items.add(freeze(item));
                }
                out.add(DicomElement.ofSequence(s.tag, items));
            } else {
                DicomElement e = (DicomElement) o;
                out.add(node.usOrSs.get(i) ? e.withVr(usOrSs(node)) : e);
            }
        }
        return DicomDataset.of(out, node.inherited);
    }

    private static final Object NONE_OWN = new Object();

    /**
     * Each node's entries are searched once and the answer kept: a file with many {@code US or SS} elements must not
     * search the same entries again for each of them.
     */
    private static VR usOrSs(Node node) {
        for (Node n = node; n != null; n = n.parent) {
            if (n.ownPixelRepresentation == null) {
                n.ownPixelRepresentation = NONE_OWN;
                for (Object o : n.entries) {
                    if (o instanceof DicomElement e && e.tag() == Tag.PixelRepresentation) {
                        long[] v = e.longs();
                        n.ownPixelRepresentation = v.length == 0 || v[0] == 0 ? VR.US : VR.SS;
                        break;
                    }
                }
            }
            if (n.ownPixelRepresentation != NONE_OWN) {
                return (VR) n.ownPixelRepresentation;
            }
        }
        return VR.US;
    }
}
