"""The 2004 archive: parsers of archived text, the importers and the exporter."""
