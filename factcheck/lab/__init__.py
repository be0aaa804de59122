"""The scorer's and extractor's workshop: gold sets, training data, training, calibration fits,
evaluation. Imported by management commands, bench/ and tests, never by views, tasks or the
runtime services."""
