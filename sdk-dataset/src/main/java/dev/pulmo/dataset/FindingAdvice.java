package dev.pulmo.dataset;

import java.util.Map;

/**
 * What to do next about a finding, by rule code: one sentence for a person reading a report, naming the command or
 * the file to change. Codes without their own sentence get their family's (the part before the first dot), and
 * codes of no known family a generic one; a plugin's codes (e.g. {@code mmg.…}) therefore always get advice.
 */
public final class FindingAdvice {
    private static final Map<String, String> BY_CODE = Map.ofEntries(
            Map.entry("pairing.json-missing", "Run pulmo convert on the tree: it writes the missing JSON from the masks."),
            Map.entry("pairing.masks-missing", "Export the masks of these images from the annotation tool into binary/, or remove the JSON if the image has no lesion."),
            Map.entry("pairing.masks-not-expected", "Move the case to the class that has masks (benign or malignant), or delete the masks."),
            Map.entry("pairing.normal-annotated", "A normal case has no annotations: move the case to benign or malignant, or delete its json/ and binary/ folders."),
            Map.entry("annotation.missing", "Annotate the lesion in the tool and export its mask, or move the case to normal."),
            Map.entry("annotation.without-lesion", "Remove the empty annotation or redraw it in the tool."),
            Map.entry("annotation.categories", "Make the JSON's categories agree with the masks: run pulmo convert --force to rewrite the JSON."),
            Map.entry("lesion.too-small", "Check the lesion against the guideline's 4 mm minimum; remove it or move the case out of malignant."),
            Map.entry("nodule.too-small", "Check the nodule's widest slice against the guideline's 4 mm minimum; remove it or move the case out of malignant."),
            Map.entry("json.annotation.iscrowd", "Set iscrowd to 0 (one lesion) or 1, or run pulmo convert --force to rewrite the JSON from the masks."),
            Map.entry("json.annotation.area-mismatch", "Run pulmo convert --force: area is computed from the box."),
            Map.entry("json.annotation.extent-mismatch", "Run pulmo convert --force: width and height are computed from the box."),
            Map.entry("json.segmentation.bbox-mismatch", "Run pulmo convert --force: for box modalities the segmentation is the box's four corners."),
            Map.entry("json.image-size", "The JSON's width/height differ from the image's Columns/Rows: rewrite the JSON with pulmo convert --force."),
            Map.entry("json.image-modality", "The JSON's modality differs from the folder's: check that the file is in the right modality folder."),
            Map.entry("json.image-device", "Copy Manufacturer and ManufacturerModelName from the image header, or run pulmo convert --force."),
            Map.entry("json.modality.unknown", "Load the modality's plugin (pulmo plugins lists what is loaded; --plugins DIR adds more)."),
            Map.entry("json.category.name-alias", "Replace the guideline's misspelt category name with the canonical one (pulmo convert --force does)."),
            Map.entry("mask.size-mismatch", "Re-export the mask from the tool at the image's size (Rows x Columns)."),
            Map.entry("mask.empty", "Delete the empty mask, or redraw the lesion and export it again."),
            Map.entry("mask.wrong-image", "The mask was exported for another image: re-export it for this one, or rename it."),
            Map.entry("mask.wrong-patient", "The mask belongs to another patient: find the right mask; this one is in the wrong folder."),
            Map.entry("mask.wrong-study", "The mask belongs to another study: find the right mask; this one is in the wrong folder."),
            Map.entry("image.patient-id", "De-identify the header again (pulmo deid) so that PatientID is the folder's patient id."),
            Map.entry("image.no-pixel-data", "Export the image again from PACS: it has no pixels."),
            Map.entry("image.pixel-data-truncated", "Copy or export the image again: the file is cut short."),
            Map.entry("cct.slice-gap", "Exclude the series or export the missing slices (the guideline excludes series with gaps)."),
            Map.entry("cct.slice-thickness-out-of-range", "Exclude the series: the guideline takes CT slices 2 to 10 mm thick."),
            Map.entry("xry.view-not-pa", "Exclude the image: the guideline takes chest PA views only."),
            Map.entry("pct.secondary-capture", "Replace the screenshot with the original PET DICOM series."),
            Map.entry("layout.leftover-temporary-file", "Delete the file: an interrupted run left it; re-run the command that wrote it."));

    private static final Map<String, String> BY_FAMILY = Map.of(
            "json", "Fix the JSON file as the message says, or run pulmo convert --force to rewrite it from the masks.",
            "layout", "Rename or move the file so that it follows lung_cancer/<modality>/<class>/<patient>/<series>/{dcm,json,binary}/.",
            "mask", "Re-export the mask from the annotation tool for this image.",
            "image", "Export the image again from PACS, or exclude it.",
            "pairing", "Make images, masks and JSON files pair up: run pulmo convert for missing JSON, export missing masks.",
            "deid", "Run pulmo deid again on the source tree and check the result with pulmo deid --check.",
            "file", "Check the file's permissions and type; only regular, readable files are read.",
            "clinical", "Correct the clinical sheet's row, or the image header, so that the two agree.",
            "plugin", "Report it to the plugin's author with the message; the plugin failed on this input.");

    private FindingAdvice() {
    }

    /** One sentence saying what to do about findings of rule {@code code}. */
    public static String whatToDo(String code) {
        String advice = BY_CODE.get(code);
        if (advice != null) {
            return advice;
        }
        int dot = code == null ? -1 : code.indexOf('.');
        advice = dot < 0 ? null : BY_FAMILY.get(code.substring(0, dot));
        return advice != null ? advice : "Read the message, fix the file it names, and run pulmo validate again.";
    }
}
