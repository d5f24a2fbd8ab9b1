// Package intake holds the reportes ciudadanos: the first contact of a call
// to the hotline, a denuncia en línea, a letter or a visit (law Art. 40 I
// and III). A reporte is recorded without requiring any personal data;
// what was told and how to reach the person who told it are optional and
// sealed under the reporte's own data key. It is classified (posible trata
// or not, its modalidades) and either turned into a caso through the casos
// service or closed as canalizado to another authority or descartado.
// Only the receiving institution, in the reporte's municipio, reaches it.
// A person the sealed texts name may ask to be forgotten: they are erased
// with the reporte's data key, while what the statistics count of it stays.
package intake
