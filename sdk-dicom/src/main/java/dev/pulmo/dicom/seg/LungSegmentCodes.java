package dev.pulmo.dicom.seg;

import java.util.Map;
import java.util.Optional;

/**
 * SNOMED CT codes for the guideline's lesion categories (SPEC.md §3), keyed by modality code and category id — the
 * dataset's own stable key. Labels are not here: they are the plugins' data ({@code CategoryDefinition.name()}) and
 * the caller passes them to {@link SegmentDescription#manual}.
 *
 * <p>Every segment's category is SCT 49755003 "Morphologically Abnormal Structure" (PS3.16 CID 7150 Segmentation
 * Property Category), except the benign lymph node, a normal structure ("Anatomical Structure" 91723000). Types:
 * <table>
 *   <caption>Segmented Property Type per (modality, category id)</caption>
 *   <tr><th>modality, id</th><th>category (English)</th><th>type</th><th>source</th></tr>
 *   <tr><td>CCT/XRY 1</td><td>malignant</td><td>372087000 Neoplasm, Primary</td><td>CID 7159</td></tr>
 *   <tr><td>CCT/XRY 2</td><td>metastatic lesion</td><td>14799000 Neoplasm, Secondary</td><td>CID 7159</td></tr>
 *   <tr><td>CCT/XRY 3</td><td>benign</td><td>27925004 Nodule</td><td>CID 7159, CID 6104</td></tr>
 *   <tr><td>CCT/XRY 4</td><td>fibrotic scar</td><td>12402003 Scar</td><td>SNOMED CT morphologic abnormality</td></tr>
 *   <tr><td>CCT/XRY 5</td><td>consolidation</td><td>95436008 Lung consolidation</td><td>SNOMED CT</td></tr>
 *   <tr><td>CCT/XRY 6</td><td>pneumothorax</td><td>36118008 Pneumothorax</td><td>CID 6105</td></tr>
 *   <tr><td>CCT/XRY 7</td><td>atelectasis</td><td>46621007 Atelectasis</td><td>SNOMED CT</td></tr>
 *   <tr><td>CCT/XRY 8</td><td>pleural effusion</td><td>60046008 Pleural effusion</td><td>SNOMED CT</td></tr>
 *   <tr><td>CCT/XRY 9</td><td>pulmonary fibrosis</td><td>51615001 Pulmonary fibrosis</td><td>SNOMED CT</td></tr>
 *   <tr><td>PCT 1</td><td>malignant lymph node</td><td>14799000 Neoplasm, Secondary, region 59441001 Lymph node</td><td>CID 7159, CID 7166</td></tr>
 *   <tr><td>PCT 2</td><td>malignant lung lesion</td><td>372087000 Neoplasm, Primary, region 39607008 Lung</td><td>CID 7159, CID 7155</td></tr>
 *   <tr><td>PCT 3</td><td>benign lymph node</td><td>59441001 Lymph node (category Anatomical Structure)</td><td>CID 7166</td></tr>
 *   <tr><td>PCT 4</td><td>benign lung lesion</td><td>52988006 Lesion, region 39607008 Lung</td><td>CID 7159, CID 7155</td></tr>
 * </table>
 * Findings such as consolidation and effusion are SNOMED CT disorders, not morphologic abnormalities; no CID 7150
 * category fits them better, and viewers need only a valid pair. See {@code sdk-dicom/README-seg.md} for the
 * reasoning and the sources.
 */
public final class LungSegmentCodes {
    private static final CodedConcept ABNORMAL = sct("49755003", "Morphologically Abnormal Structure");
    private static final CodedConcept ANATOMY = sct("91723000", "Anatomical Structure");
    private static final CodedConcept PRIMARY = sct("372087000", "Neoplasm, Primary");
    private static final CodedConcept SECONDARY = sct("14799000", "Neoplasm, Secondary");
    private static final CodedConcept LYMPH_NODE = sct("59441001", "Lymph node");
    private static final CodedConcept LUNG = sct("39607008", "Lung");

    private static final Map<Integer, SegmentCoding> CHEST = Map.of(
            1, new SegmentCoding(ABNORMAL, PRIMARY, null),
            2, new SegmentCoding(ABNORMAL, SECONDARY, null),
            3, new SegmentCoding(ABNORMAL, sct("27925004", "Nodule"), null),
            4, new SegmentCoding(ABNORMAL, sct("12402003", "Scar"), null),
            5, new SegmentCoding(ABNORMAL, sct("95436008", "Lung consolidation"), null),
            6, new SegmentCoding(ABNORMAL, sct("36118008", "Pneumothorax"), null),
            7, new SegmentCoding(ABNORMAL, sct("46621007", "Atelectasis"), null),
            8, new SegmentCoding(ABNORMAL, sct("60046008", "Pleural effusion"), null),
            9, new SegmentCoding(ABNORMAL, sct("51615001", "Pulmonary fibrosis"), null));
    private static final Map<Integer, SegmentCoding> PET_CT = Map.of(
            1, new SegmentCoding(ABNORMAL, SECONDARY, LYMPH_NODE),
            2, new SegmentCoding(ABNORMAL, PRIMARY, LUNG),
            3, new SegmentCoding(ANATOMY, LYMPH_NODE, null),
            4, new SegmentCoding(ABNORMAL, sct("52988006", "Lesion"), LUNG));
    private static final Map<String, Map<Integer, SegmentCoding>> BY_MODALITY = Map.of(
            "CCT", CHEST, "XRY", CHEST, "PCT", PET_CT);

    private LungSegmentCodes() {
    }

    /**
     * The coding of a guideline category.
     *
     * @param modalityCode the JSON {@code modality} code ({@code XRY}, {@code CCT}, {@code PCT})
     * @param categoryId   the category id in that modality's table
     * @return empty for a modality or category this table does not know (a plugin's new modality brings its own codes)
     */
    public static Optional<SegmentCoding> forCategory(String modalityCode, int categoryId) {
        Map<Integer, SegmentCoding> table = BY_MODALITY.get(modalityCode);
        return table == null ? Optional.empty() : Optional.ofNullable(table.get(categoryId));
    }

    private static CodedConcept sct(String value, String meaning) {
        return new CodedConcept(value, "SCT", meaning);
    }
}
