// The libFuzzer build only: stb_image compiled here, under AddressSanitizer, in place of
// Debian's uninstrumented libstb (the executable's own definitions are the ones its calls
// bind to), so a read past a buffer inside the decoder is reported, not silent.
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
