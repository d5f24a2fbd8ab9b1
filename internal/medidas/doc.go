// Package medidas records the medidas de protección asked for and granted
// to víctimas of trafficking and their families (law Art. 14 IV and V, 15 X,
// 16 and 17): their type, who asked and who granted them, their dates and
// status with its history, and the assessments of the risk she runs, each
// review kept. A medida belongs to one víctima and is reached only through
// her: her registering institution's caseworkers record and change it; the
// Fiscalía of her municipio reads those of a víctima in a carpeta of its
// own; nobody else learns that it exists. Observations, the details of the
// family members protected and an assessment's notes are sealed with her
// data key, so that her erasure destroys them.
package medidas
