package catalog

// PoissonBinomialTail exposes poissonBinomialTail to the external tests.
var PoissonBinomialTail = poissonBinomialTail
