// Package sheetimport brings into SINTRA the víctimas, expedientes (casos)
// and services an institution recorded in spreadsheets before it used
// SINTRA: a workbook with a sheet for each, related by the spreadsheet's own
// keys (clave_caso, clave_victima), or a CSV file of víctimas that may carry
// her caso and a service on each row.
//
// Every row is checked before anything is stored, and an import stores all
// of its rows or none: each problem is reported by sheet, row and column,
// in Spanish, without repeating what the cell holds. Records are stored
// through the domain services that register víctimas, open casos and
// record services, which seal the personal data, compute the blind indexes,
// draw the folios and audit each record, all in one transaction. The same
// file imported again by the same institution changes nothing.
package sheetimport
