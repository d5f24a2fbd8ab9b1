// Package render writes the documents SINTRA hands out, and reads the
// spreadsheets it takes in: reports as JSON, CSV, XLSX or PDF, a
// canalización and a Grupo de Trabajo session's acta as PDF, the
// activities import template as XLSX, and every CSV with its formulas
// defused. The domain packages hand it plain data, names already resolved;
// it knows no store, no service and no HTTP, and it is the only package
// that imports the PDF and XLSX libraries.
package render
