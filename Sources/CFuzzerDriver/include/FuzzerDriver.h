#ifndef POKJA_FUZZER_DRIVER_H
#define POKJA_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`): parses libFuzzer's flags from
/// argv and calls `callback` with each input. Used instead of libFuzzer's own `main`, because
/// SwiftPM gives an executable its `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*callback)(const uint8_t *data, size_t size));

#endif
