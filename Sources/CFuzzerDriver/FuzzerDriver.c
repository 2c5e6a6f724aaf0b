// The declaration in include/FuzzerDriver.h is all this target provides; libFuzzer defines the
// function. A C target needs one source file.
#include "FuzzerDriver.h"
