"""`aic check`: files to sources (`sources`), sources to diagnostics through aic.passes.verify (`driver`), and the
one reporter of diagnostics as text, JSON and SARIF (`report`)."""
