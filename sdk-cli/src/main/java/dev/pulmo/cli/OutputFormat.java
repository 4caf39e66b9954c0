package dev.pulmo.cli;

/** Every output format of the CLI, as typed after {@code --format}; each command offers some of them ({@link FormatOption}). */
enum OutputFormat { text, json, html, csv, geojson, coco, guideline }
