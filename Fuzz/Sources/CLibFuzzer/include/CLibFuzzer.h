#ifndef TALLY_CLIBFUZZER_H
#define TALLY_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in the runtime linked by `-sanitize=fuzzer`): parses the libFuzzer flags in
/// argv and runs `callback` on each input. Lets a SwiftPM executable, whose `main` SwiftPM owns,
/// hand control to libFuzzer.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
