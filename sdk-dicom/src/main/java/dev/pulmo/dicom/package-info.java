/**
 * A DICOM Part 10 codec (PS3.10, PS3.5): {@link dev.pulmo.dicom.DicomReader} reads files and bare datasets
 * into an immutable {@link dev.pulmo.dicom.DicomDataset} tree or streams them to a
 * {@link dev.pulmo.dicom.DicomVisitor}; {@link dev.pulmo.dicom.DicomWriter} writes Part 10 files;
 * {@link dev.pulmo.dicom.DicomJson} writes the DICOM JSON model (PS3.18 F.2). The data dictionary
 * ({@link dev.pulmo.dicom.Tag}, {@link dev.pulmo.dicom.UID}, {@link dev.pulmo.dicom.ElementDictionary}) is generated
 * from the standard's tables. Malformed input raises {@link dev.pulmo.dicom.DicomException}, which names the
 * source, byte offset and tag. See DESIGN.md "Why a DICOM codec of our own".
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package dev.pulmo.dicom;
